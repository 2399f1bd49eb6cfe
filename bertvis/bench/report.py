"""``bench/results.md``: the benchmark results as tables a person can read."""

from __future__ import annotations

GOALS = {
    "overhead": "app ÷ bare ≤ 1.25",
    "interaction": "view change at 128 tokens < 100 ms; whole rerun after a new text ≤ 1.25 × "
                   "the bare forward at 128 and 512 tokens",
    "coldstart": "≤ 8 s from `streamlit run` to the first attention figure",
    "payload": "single-digit MB at 512 tokens",
    "memory": "< 2 GB with the default online set, flat in sessions",
}


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.2f} MB" if n_bytes >= 1e5 else f"{n_bytes / 1e3:.1f} kB"


def _machine(results: dict) -> list[str]:
    m = results["machine"]
    shape = results["model_shape"]
    return [
        f"Run {results['started']}.",
        "",
        f"- CPU: {m['cpu']}, {m['cores_logical']} logical cores (nproc {m.get('nproc', '?')}, "
        f"{m['torch_threads']} torch "
        f"threads), {m['ram_gib']} GiB RAM; load average at start {m['load_average']}, after "
        f"{results.get('load_average_after')}",
        f"- GPU: {m['gpu']}",
        f"- Python {m['python']}, torch {m['torch']}, transformers {m['transformers']}, {m['os']}",
        f"- Model: BERT-{results['model_size']} shape ({shape['layers']} layers × "
        f"{shape['heads']} heads, hidden {shape['hidden']}), random weights",
        "",
    ]


def _overhead(rows: list[dict]) -> list[str]:
    lines = ["| tokens | app (ms, median) | bare forward (ms, median) | ratio |",
             "| ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['tokens']} | {r['app']['median_ms']:.1f} | "
                     f"{r['bare']['median_ms']:.1f} | {r['ratio']:.2f} |")
    return lines


def _ms(summary: dict) -> str:
    """"366 (340–410)": median and spread of a :func:`bertvis.bench.timing.summary`."""
    return f"{summary['median_ms']:.0f} ({summary['min_ms']:.0f}–{summary['max_ms']:.0f})"


def _interaction(value: dict) -> list[str]:
    lines = [f"Page: `{value['page']}`. Medians (min–max) over the runs; a whole AppTest rerun, "
             "timed in turn with a bare forward with attentions on a text of the same length.",
             "",
             "| tokens | runs | view change (cache hit, ms) | new text (cache miss, ms) | "
             "bare forward (ms) | new text ÷ bare (medians) | per pair (min–max) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in value["rows"]:
        bare = _ms(r["bare"]) if "bare" in r else ""
        ratio = f"{r['miss_over_bare']:.2f}" if "miss_over_bare" in r else ""
        pairs = r.get("miss_over_bare_pairs")
        spread = f"{pairs['min']:.2f}–{pairs['max']:.2f}" if pairs else ""
        lines.append(f"| {r['tokens']} | {r['miss']['runs']} | {_ms(r['hit'])} | "
                     f"{_ms(r['miss'])} | {bare} | {ratio} | {spread} |")
    return lines


def _payload(value: dict) -> list[str]:
    lines = [f"Page: `{value['page']}`. Serialized ForwardMsg bytes of one page run.", "",
             "| tokens | pair | first view | view change | bertviz head_view | bertviz model_view |",
             "| ---: | :---: | ---: | ---: | ---: | ---: |"]
    for r in value["rows"]:
        bv = r["bertviz"]
        lines.append(f"| {r['tokens']} | {'yes' if r['pair'] else 'no'} | "
                     f"{_mb(r['first_view_bytes'])} | {_mb(r['view_change_bytes'])} | "
                     f"{_mb(bv['head_view_bytes'])} | {_mb(bv['model_view_bytes'])} |")
    return lines


def _memory(value: dict) -> list[str]:
    if "error" in value:
        return [f"Failed: {value['error']}"]
    return [
        f"Pre-training model + classifier of the shape above ({value['params_m']}M "
        f"parameters), loaded by the app's loader in a fresh process:",
        "",
        f"- after imports: {value['after_imports_mib']} MiB",
        f"- models loaded (weights memory-mapped, not yet touched): "
        f"{value['models_loaded_mib']} MiB",
        f"- after one {value['trace_tokens']}-token trace on each: "
        f"{value['after_traces_mib']} MiB (trace arrays {value['trace_arrays_mib']} MiB)",
        f"- peak: {value['peak_mib']} MiB",
    ]


def _large(value: dict) -> list[str]:
    lines = ["| weights | parameters | RSS with weights | peak over a 512-token forward | "
             "forward (s) | finite |", "| --- | ---: | ---: | ---: | ---: | :---: |"]
    for dtype, r in value.items():
        if "error" in r:
            lines.append(f"| {dtype} | failed: {r['error']} | | | | |")
            continue
        lines.append(f"| {dtype} | {r['params_m']}M | {r['weights_loaded_mib']} MiB | "
                     f"{r['peak_mib']} MiB | {r['forward_s']} | {r['finite']} |")
    return lines


def _coldstart(value: dict) -> list[str]:
    lines = [f"Page `{value['page']}`, {value['tokens']} tokens: server healthy after "
             f"{value['server_healthy_s']} s, first figure drawn {value['first_figure_s']} s "
             "after `streamlit run` started (model loaded from disk on the first visit)."]
    if "variants" not in value:
        return lines
    lines += ["", f"{value['runs']} runs of each, alternating; seconds after `streamlit run`, "
              "median (min–max); load average before {0}, after {1}.".format(
                  value.get("load_average_before"), value.get("load_average_after")), "",
              "| variant | server healthy | first script run starts | it ends | "
              "first figure drawn |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, v in value["variants"].items():
        cells = [f"{v[key]['median']:.2f} ({v[key]['min']:.2f}–{v[key]['max']:.2f})"
                 for key in ("server_healthy_s", "script_start_s", "script_end_s",
                             "first_figure_s")]
        lines.append(f"| {name.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return lines


def _sessions(value: dict) -> list[str]:
    lines = [f"Page `{value['page']}`, {value['tokens']} tokens, server RSS (MiB):", "",
             "| sessions | same link | each its own text | traces computed (same link) |",
             "| ---: | ---: | ---: | ---: |"]
    for r in value["rows"]:
        lines.append(f"| {r['sessions']} | {r['same_link_rss_mib']} | "
                     f"{r.get('own_text_rss_mib', '')} | {r.get('traces_computed', 1)} |")
    return lines


RENDER = {"overhead": ("Engine overhead", _overhead), "interaction": ("Interaction", _interaction),
          "payload": ("Payload", _payload), "memory": ("Memory", _memory),
          "large": ("BERT-large on a 2.7 GB host", _large), "coldstart": ("Cold start", _coldstart),
          "sessions": ("Memory with concurrent sessions", _sessions)}


def markdown(results: dict) -> str:
    lines = ["# bertvis benchmark", "", *_machine(results)]
    for section, (title, render) in RENDER.items():
        if section not in results:
            continue
        goal = GOALS.get(section)
        lines += [f"## {title}", "", *( [f"Goal: {goal}.", ""] if goal else []),
                  *render(results[section]), ""]
        if f"{section}_note" in results:  # e.g. a section measured in a separate run
            lines += [f"Note: {results[section + '_note']}.", ""]
        load = results.get("section_load_average", {}).get(section)
        if load:
            lines += [f"Load average before this section {load['before']}, after "
                      f"{load['after']}.", ""]
    seconds = results.get("section_seconds", {})
    lines.append("Section run times (s): " + ", ".join(f"{k} {v}" for k, v in seconds.items()))
    return "\n".join(lines) + "\n"
