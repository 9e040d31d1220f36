"""The ``debtdesk`` command line: demo, regenerate and add-in builds.

Exit codes scripts can trust: 0 everything done, 1 something failed (the summary says
what), 2 the command itself was wrong (bad arguments, missing input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debtdesk.errors import DebtDeskError

OK, FAILED, USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> main(["--version"])  # doctest: +SKIP
    debtdesk 0.1.0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return USAGE
    try:
        return args.run(args)
    except DebtDeskError as error:
        print(f"debtdesk: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("debtdesk: interrupted; outputs already written are complete, nothing half-written was left", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    from debtdesk import __version__

    parser = argparse.ArgumentParser(prog="debtdesk", description="DebtDesk: debt-management and collections workbooks, built headless.")
    parser.add_argument("--version", action="version", version=f"debtdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="regenerate the sample client plans and collections workbook, and build the add-in",
                               description="The main job on built-in sample data: writes clients/*.xlsx, collections.xlsx and DebtDesk.xlam into --out.")
    demo.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)")
    demo.set_defaults(run=_demo)

    regen = commands.add_parser("regenerate", help="rebuild client and collections workbooks from the firm's files",
                                description="Runs the same macros as the ribbon's Regenerate button on each input workbook, each client "
                                "of the firm's data files and the AR ledger, and writes the results to --out (clients/<id>.xlsx, "
                                "collections.xlsx) with a manifest. Inputs are never modified unless --in-place is given.")
    regen.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help="workbook files or folders of workbooks (.xlsx, .xlsm)")
    regen.add_argument("--out", type=Path, metavar="DIR", help="output folder (created if missing); required unless --in-place")
    regen.add_argument("--data", nargs="+", type=Path, default=[], metavar="FILE",
                       help="the firm's data files, named for what they hold: clients, debts, payments, income, expenses, credit; "
                       "with --ledger also customers, contacts, promises, disputes, receipts, dunning, columns (.xlsx/.csv/.parquet)")
    regen.add_argument("--ledger", type=Path, metavar="FILE", help="AR ledger (.xlsx/.csv/.parquet) for the collections workbook")
    regen.add_argument("--as-of", metavar="DATE", help="ageing date for --ledger, and the as-of date of clients whose export leaves it empty")
    regen.add_argument("--decimal-comma", action="store_true",
                       help="the --data and --ledger exports write numbers as 1.234,56 (default 1,234.56); text that "
                       "could mean another number is refused either way")
    regen.add_argument("--date-order", choices=("DMY", "MDY"), type=str.upper,
                       help="read dates such as 03/04/2026 in the exports day first (DMY) or month first (MDY); "
                       "without it only YYYY-MM-DD text (and real date cells) are read")
    regen.add_argument("--numeric-ids", action="store_true",
                       help="client ids that differ only by leading zeros are the same client (00123 = 123); "
                       "without it an id is its text")
    regen.add_argument("--workers", type=int, default=_cores(), metavar="N",
                       help=f"local worker processes (default: one per core, here {_cores()}; 1 runs in this process)")
    regen.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786")
    regen.add_argument("--resume", action="store_true", help="skip items whose input and output are unchanged since the manifest's record")
    regen.add_argument("--in-place", action="store_true", help="refresh input workbooks in place (keeps <name>.bak; refused if content would be lost)")
    regen.add_argument("--manifest", type=Path, metavar="FILE", help="manifest (JSON lines); default OUT/manifest.jsonl")
    regen.add_argument("--wait-lock", type=float, default=0.0, metavar="SECONDS",
                       help="wait up to SECONDS for another run writing the same folder to finish (default: refuse at once, exit 2)")
    regen.set_defaults(run=_regenerate)

    addin = commands.add_parser("addin", help="build the DebtDesk.xlam add-in", description="Add-in commands.")
    addin_commands = addin.add_subparsers(dest="addin_command", metavar="ACTION", required=True)
    build = addin_commands.add_parser("build", help="write DebtDesk.xlam", description="Writes DebtDesk.xlam (ribbon + VBA callback) from the xlwings add-in template.")
    build.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)")
    build.set_defaults(run=_addin_build)
    return parser


def _cores() -> int:
    """Cores this process may use (the default number of local workers)."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    TextColumn("{task.fields[item]}"), console=Console(stderr=True), transient=False)


def _demo(args) -> int:
    from debtdesk.workbooks.demo import demo_size, run_demo
    from debtdesk.workbooks.lock import folder_lock

    with folder_lock(args.out), _progress() as progress:  # one run per output folder, as regenerate
        task = progress.add_task("demo", total=demo_size(), item="")
        written = run_demo(args.out, step=lambda label: progress.update(task, advance=1, item=label))
    for path in written:
        print(path)
    return OK


def _regenerate(args) -> int:
    from debtdesk.reading import Locale
    from debtdesk.workbooks.lock import folder_lock
    from debtdesk.workbooks.collections_exports import collections_job, missing_exports, split_exports
    from debtdesk.workbooks.sources import client_jobs, workbook_files, workbook_jobs

    if args.out is None and not (args.in_place and args.manifest):
        raise DebtDeskError("--out", "is required (with --in-place, give --out or --manifest for the manifest)")
    if args.in_place and (args.data or args.ledger):
        raise DebtDeskError("--in-place", "refreshes workbook files only; --data and --ledger write new workbooks to --out")
    out = args.out.resolve() if args.out else None
    locale = Locale("," if args.decimal_comma else ".", args.date_order or "", args.numeric_ids, "regenerate")
    jobs = workbook_jobs(workbook_files(args.inputs), out, args.in_place)
    exports, data = split_exports(args.data)
    jobs += client_jobs(data, out, args.as_of, locale)
    warnings = []
    if args.ledger:
        jobs.append(collections_job(args.ledger, out, args.as_of, exports, locale))
        warnings = missing_exports(exports)
    elif exports:
        raise DebtDeskError("--data", f"{', '.join(p.name for p in exports.values())}: collections exports go with --ledger")
    if not jobs:
        raise DebtDeskError("INPUT", "nothing to regenerate: give workbooks or folders, --data files or --ledger")
    # One run per folder: a second waits (--wait-lock) or is refused, before it reads the manifest or writes
    # anything; the .part files of a killed run are removed once the lock is held.
    with folder_lock(out or args.manifest.resolve().parent, wait=args.wait_lock):
        return _run_jobs(args, jobs, out, warnings)


def _run_jobs(args, jobs: list, out: Path | None, warnings: list[str] = ()) -> int:
    from debtdesk.workbooks.batch import run_batch
    from debtdesk.workbooks.manifest import Manifest

    manifest = Manifest(args.manifest or out / "manifest.jsonl")
    with _progress() as progress:
        task = progress.add_task("regenerate", total=len(jobs), item="")
        failed = []

        def step(entry) -> None:
            if entry.status == "failed":
                failed.append(entry.input)
            label = Path(entry.input).name  # "clients.csv#C-1001" for a client from data
            progress.update(task, advance=1, item=f"{label} {entry.status}" + (f" · {len(failed)} failed" if failed else ""))

        workers = min(args.workers, len(jobs)) if args.workers >= 1 else args.workers  # no idle processes for a few jobs
        report = run_batch(jobs, manifest, workers=workers, scheduler=args.scheduler, resume=args.resume, progress=step)
    print(report.summary(), file=sys.stderr)
    for warning in warnings:  # a compliance guard the run could not apply: never silent
        print(warning, file=sys.stderr)
    print(f"manifest: {manifest.path}", file=sys.stderr)
    return OK if report.ok else FAILED


def _addin_build(args) -> int:
    from debtdesk.addin.build import build_addin

    print(build_addin(args.out))
    return OK


if __name__ == "__main__":
    sys.exit(main())
