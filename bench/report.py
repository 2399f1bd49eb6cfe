"""``bench/results.md``: the benchmark results as tables a person can read, each section with
the machine state it was measured in."""

from __future__ import annotations

GOALS = {
    "overhead": "app ÷ bare ≤ 1.25",
    "interaction": "view change at 128 tokens < 100 ms; whole rerun after a new text ≤ 1.25 × "
                   "the bare forward at 128 and 512 tokens",
    "coldstart": "≤ 8 s from `streamlit run` to the first attention figure",
    "payload": "single-digit MB at 512 tokens",
    "memory": "< 2 GB with the default online set, flat in sessions",
    "wire": "≤ 50 KB on the wire per view-only control move at 128 tokens",
    "wake": "≤ 4 s from opening the link to the first attention figure on a server up 20 s "
            "(model on disk); the cold path no slower than today",
}


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.2f} MB" if n_bytes >= 1e5 else f"{n_bytes / 1e3:.1f} kB"


def _table(header: list[str], align: str, rows: list[list[object]]) -> list[str]:
    """A Markdown table: ``align`` has one letter a column (``l`` left, ``r`` right,
    ``c`` centre)."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |",
            *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)]


def _run_state(run: dict) -> list[str]:
    """Where and when one section was measured (a :func:`bench.machine.recorded` state)."""
    lines = []
    if run.get("started") or run.get("seconds"):
        lines.append(f"Measured {run.get('started') or 'at a time not recorded'}"
                     + (f", {run['seconds']} s." if run.get("seconds") else "."))
    m = run.get("machine")
    if m:
        lines.append(
            f"Machine: {m['cpu']}, {m['cores_logical']} logical cores (nproc "
            f"{m.get('nproc', '?')}, {m['torch_threads']} torch threads), {m['ram_gib']} GiB "
            f"RAM, {m['gpu']}; Python {m['python']}, torch {m['torch']}, transformers "
            f"{m['transformers']}, {m['os']}.")
    else:
        lines.append("Machine: not recorded for this section.")
    if run.get("load_average_before"):
        lines.append(f"Load average before {run['load_average_before']}, after "
                     f"{run.get('load_average_after')}.")
    else:
        lines.append("Load average: not recorded for this section.")
    shape = run.get("model_shape")
    if shape:
        lines.append(f"Model: BERT-{run['model_size']} shape ({shape['layers']} layers × "
                     f"{shape['heads']} heads, hidden {shape['hidden']}), random weights.")
    if run.get("note"):
        lines.append(f"Note: {run['note']}.")
    return [" ".join(lines)]


def _overhead(rows: list[dict]) -> list[str]:
    return _table(["tokens", "app (ms, median (min–max))", "bare forward (ms, median (min–max))",
                   "ratio of medians", "runs"], "rrrrr",
                  [[r["tokens"], _ms(r["app"]), _ms(r["bare"]), f"{r['ratio']:.2f}",
                    r["app"]["runs"]] for r in rows])


def _ms(summary: dict) -> str:
    """"366 (340–410)": median and spread of a :func:`bench.timing.summary`."""
    return f"{summary['median_ms']:.0f} ({summary['min_ms']:.0f}–{summary['max_ms']:.0f})"


def _interaction(value: dict) -> list[str]:
    rows = []
    for r in value["rows"]:
        pairs = r.get("miss_over_bare_pairs")
        rows.append([r["tokens"], r["miss"]["runs"], _ms(r["hit"]), _ms(r["miss"]),
                     _ms(r["bare"]) if "bare" in r else "",
                     f"{r['miss_over_bare']:.2f}" if "miss_over_bare" in r else "",
                     f"{pairs['min']:.2f}–{pairs['max']:.2f}" if pairs else ""])
    return [f"Page: `{value['page']}`. Medians (min–max) over the runs; a whole page rerun, "
            "timed in turn with a bare forward with attentions on a text of the same length.",
            "", *_table(["tokens", "runs", "view change (cache hit, ms)",
                         "new text (cache miss, ms)", "bare forward (ms)",
                         "new text ÷ bare (medians)", "per pair (min–max)"], "rrrrrrr", rows)]


def _payload(value: dict) -> list[str]:
    rows = [[r["tokens"], "yes" if r["pair"] else "no", _mb(r["first_view_bytes"]),
             _mb(r["view_change_bytes"]), _mb(r["bertviz"]["head_view_bytes"]),
             _mb(r["bertviz"]["model_view_bytes"])] for r in value["rows"]]
    return [f"Page: `{value['page']}`. Bytes one page run sends a session.", "",
            *_table(["tokens", "pair", "first view", "view change", "bertviz head_view",
                     "bertviz model_view"], "rcrrrr", rows)]


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
    rows = [[dtype, f"failed: {r['error']}", "", "", "", ""] if "error" in r else
            [dtype, f"{r['params_m']}M", f"{r['weights_loaded_mib']} MiB", f"{r['peak_mib']} MiB",
             r["forward_s"], r["finite"]] for dtype, r in value.items()]
    return _table(["weights", "parameters", "RSS with weights",
                   "peak over a 512-token forward", "forward (s)", "finite"], "lrrrrc", rows)


def _coldstart(value: dict) -> list[str]:
    lines = [f"Page `{value['page']}`, {value['tokens']} tokens: server healthy after "
             f"{value['server_healthy_s']} s, first figure drawn {value['first_figure_s']} s "
             "after `streamlit run` started (model loaded from disk on the first visit)."]
    if "variants" not in value:
        return lines
    keys = ("server_healthy_s", "script_start_s", "script_end_s", "first_figure_s")
    rows = [[name.replace("_", " "),
             *(f"{v[key]['median']:.2f} ({v[key]['min']:.2f}–{v[key]['max']:.2f})"
               for key in keys)] for name, v in value["variants"].items()]
    return [*lines, "", f"{value['runs']} runs of each, alternating; seconds after "
            "`streamlit run`, median (min–max).", "",
            *_table(["variant", "server healthy", "first script run starts", "it ends",
                     "first figure drawn"], "lrrrr", rows)]


def _sessions(value: dict) -> list[str]:
    rows = [[r["sessions"], r["same_link_rss_mib"], r.get("own_text_rss_mib", ""),
             r.get("traces_computed", 1)] for r in value["rows"]]
    return [f"Page `{value['page']}`, {value['tokens']} tokens, server RSS (MiB):", "",
            *_table(["sessions", "same link", "each its own text",
                     "traces computed (same link)"], "rrrr", rows)]


def _wire(value: dict) -> list[str]:
    def spread(c: dict, key: str) -> str:
        if key not in c:  # measured before the wire bytes were counted
            return "not measured"
        return f"{_mb(c[key]['median'])} ({_mb(c[key]['min'])}–{_mb(c[key]['max'])})"

    rows = [[name, c["kind"], _mb(c["first_move_bytes"]), spread(c, "bytes"),
             spread(c, "wire_bytes"), c["messages"]["median"],
             f"{c['seconds']['median'] * 1000:.0f} ({c['seconds']['min'] * 1000:.0f}–"
             f"{c['seconds']['max'] * 1000:.0f})"] for name, c in value["controls"].items()]
    return [f"Page `{value['page']}`, {value['tokens']} tokens (first view "
            f"{_mb(value['first_view_bytes'])}); sliders step to a value not shown before, "
            "checkboxes flip (their second flip shows what the browser holds). Per move, "
            "median (min–max): the messages' bytes, and the bytes that crossed the socket "
            "(websocket frames, compressed by the server's permessage-deflate):", "",
            *_table(["control", "widget", "first move", "messages' bytes",
                     "bytes on the wire", "messages", "rerun (ms)"], "llrrrrr", rows)]


def _wake(value: dict) -> list[str]:
    def cell(variant: dict, key: str) -> str:
        if key not in variant:
            return ""
        return f"{variant[key]['median']:.2f} ({variant[key]['min']:.2f}–{variant[key]['max']:.2f})"

    keys = ("server_healthy_s", "launch_to_figure_s", "open_to_figure_s", "first_script_run_s")
    rows = [[name.replace("_", " "), *(cell(v, key) for key in keys),
             "/".join(str(r["traces_before_visit"]) for r in v["runs"])]
            for name, v in value["variants"].items()]
    return [f"Page `{value['page']}`'s plain link, {value['model']}; `st app` serves app.py's "
            "`st.App` (warms at server start), `today` the script without it; `cold` opens "
            f"the link at the health check, `up` {value['up_s']:.0f} s after it. {value['runs']} "
            "runs of each, alternating; seconds, median (min–max).", "",
            *_table(["variant", "server healthy", "launch → figure", "open → figure",
                     "first script run", "traces before the visit"], "lrrrrl", rows)]


RENDER = {"overhead": ("Engine overhead", _overhead), "interaction": ("Interaction", _interaction),
          "payload": ("Payload", _payload), "memory": ("Memory", _memory),
          "large": ("BERT-large on a 2.7 GB host", _large), "coldstart": ("Cold start", _coldstart),
          "sessions": ("Memory with concurrent sessions", _sessions),
          "wire": ("On the wire per view-only control", _wire),
          "wake": ("Waking a deployment", _wake)}


def _mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.0f} MiB"


def hostile(value: dict) -> list[str]:
    """The hostile class on a real server (``bench/hostile_class.json``, :mod:`bench.hostile_class`)
    as a section: its run state, the peak RSS against the budget and the pages' outcomes."""
    peak = value["peak"]
    rows = value["rows"]
    pages = {}
    for row in rows:
        found = pages.setdefault((row["page"], row.get("model") or ""),
                                 {"runs": 0, "answered": 0, "refused": 0, "seconds": []})
        found["runs"] += 1
        found["answered"] += row["status"] == 0 and not row.get("exceptions")
        found["refused"] += bool(row.get("refused"))
        found["seconds"].append(row.get("seconds", 0))
    return [
        "## Hostile class on a real server (memory budget)", "",
        "Goal: peak RSS of the server and its children within the budget, nothing killed, "
        "every page answered or refused with a message.", "",
        *_run_state(value), "",
        f"`python -m bench hostile-class --size {value['size']}`: {value['sessions']} protocol "
        f"sessions in {value['waves']} waves on `streamlit run app.py` (public profile), "
        f"budget {_mib(value['budget_bytes'])}; RSS of the process tree sampled every "
        f"{value['sample_interval_s']} s ({value['samples']} samples).", "",
        f"**Peak RSS {_mib(peak['rss_bytes'])}** ({_mib(peak['anonymous_bytes'])} anonymous, "
        f"{_mib(peak['file_backed_bytes'])} file-backed) of {_mib(value['budget_bytes'])}: "
        f"{'within' if value['peak_within_budget'] else 'OVER'} the budget; the kernel's "
        f"high-water mark of the server process (VmHWM) "
        f"{_mib(value['server_vmhwm_bytes']) if value.get('server_vmhwm_bytes') else 'not read'}."
        f" Server alive at "
        f"the end: {value['server_alive_at_end']}. Page runs: {value['runs']}, unanswered "
        f"(exception box or unfinished): {value['unanswered']}, refused with a budget "
        f"message: {value['refused']}.", "",
        *_table(["page", "model", "runs", "finished without an error box",
                 "of them refused with a message",
                 "seconds (min–max)"], "llrrrr",
                [[page, model, v["runs"], v["answered"], v["refused"],
                  f"{min(v['seconds'])}–{max(v['seconds'])}"]
                 for (page, model), v in pages.items()]),
        "",
    ]


def markdown(results: dict, hostile_class: dict | None = None) -> str:
    """``results.json`` (format 2: ``{"sections": {name: {"run": ..., "result": ...}}}``) as
    Markdown, each section under its own run state; then the hostile class
    (``bench/hostile_class.json``) when given."""
    lines = ["# bertvis benchmark", "",
             "Each section says when it was measured, on what machine and under what load: "
             "sections of one file may come from different runs.", ""]
    for section, (title, render) in RENDER.items():
        if section not in results["sections"]:
            continue
        entry = results["sections"][section]
        goal = GOALS.get(section)
        lines += [f"## {title}", "", *([f"Goal: {goal}.", ""] if goal else []),
                  *_run_state(entry["run"]), "", *render(entry["result"]), ""]
    if hostile_class is not None and "rows" in hostile_class:
        lines += hostile(hostile_class)
    return "\n".join(lines)


def load_hostile_class(folder=None) -> dict | None:
    """``hostile_class.json`` in ``folder`` (default ``bench/``), when there is one: the
    hostile class's results go under the other sections of the same results folder."""
    import json

    from bench import ROOT

    path = (ROOT / "bench" if folder is None else folder) / "hostile_class.json"
    return json.loads(path.read_text()) if path.exists() else None
