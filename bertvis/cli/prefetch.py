"""``python -m bertvis prefetch``: download preset models into the Hugging Face cache, so a
class can run offline (``HF_HUB_OFFLINE=1``). The default set is what the pages open with;
``--all`` takes every preset; or name presets (keys or model ids). Only the files the app
reads are fetched (see :mod:`bertvis.prefetch`). Exit code 1 when a model could not be fetched.
"""

from __future__ import annotations

import argparse
import sys

from bertvis import prefetch
from bertvis.errors import BertvisError

from .common import Outcome


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("prefetch", help="download preset models into the cache for offline use")
    parser.add_argument("presets", nargs="*", metavar="PRESET",
                        help="preset keys or model ids (default: "
                             + ", ".join(prefetch.DEFAULT_SET) + ")")
    parser.add_argument("--all", action="store_true", help="every preset")
    parser.add_argument("--dry-run", action="store_true",
                        help="only list the files and sizes that would be downloaded")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> Outcome:
    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    rows, failures, total = [], 0, 0
    for preset in prefetch.chosen_presets(args.presets, args.all):
        try:
            repo = prefetch.plan(preset.model_id)
        except BertvisError as exc:
            failures += 1
            rows.append(f"{preset.model_id}: not fetched: {exc.message}")
            continue
        names = ", ".join(f.name for f in repo.files)
        say(f"{repo.model_id}: {len(repo.files)} files, {prefetch.megabytes(repo.total_bytes)} "
            f"({prefetch.megabytes(repo.missing_bytes)} to download): {names}")
        if args.dry_run:
            rows.append(f"{repo.model_id}: would download "
                        f"{prefetch.megabytes(repo.missing_bytes)} of "
                        f"{prefetch.megabytes(repo.total_bytes)} ({len(repo.files)} files)")
            continue
        folder = prefetch.fetch(repo)
        total += repo.missing_bytes
        rows.append(f"{repo.model_id}: {prefetch.megabytes(repo.total_bytes)} in {folder}")
    if not args.dry_run:
        rows.append(f"Downloaded {prefetch.megabytes(total)} into {prefetch.cache_folder()}. "
                    "Run offline with HF_HUB_OFFLINE=1; check with: python -m bertvis doctor")
    return Outcome("\n".join(rows), 1 if failures else 0)
