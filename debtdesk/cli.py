"""The ``debtdesk`` command line: demo, regenerate and add-in builds.

Exit codes scripts can trust: 0 everything done, 1 something failed (the summary says
what), 2 the command itself was wrong (bad arguments, missing input, an output folder that
cannot be written). Every failure is one line on stderr, never a traceback; once a batch has
started, its summary is printed however it ends.
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
        print(f"debtdesk: {_line(error)}", file=sys.stderr)
        return USAGE
    except OSError as error:  # the environment before any work began: a folder that cannot be written, ...
        print(f"debtdesk: {_os_error(error)}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("debtdesk: interrupted; outputs already written are complete, nothing half-written was left", file=sys.stderr)
        return 130


def _line(error: BaseException) -> str:
    from debtdesk.workbooks.batch import printable

    return printable(str(error))


def _os_error(error: OSError) -> str:
    """An operating-system error as one line naming the file.

    >>> _os_error(PermissionError(13, "Permission denied", "/srv/out/.debtdesk.lock"))
    'cannot write /srv/out/.debtdesk.lock: Permission denied'
    """
    from debtdesk.workbooks.regenerate import reason

    return _line(OSError(reason(error)))


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
                       "with --ledger also customers, contacts, promises, disputes, receipts, dunning, columns, settings "
                       "(.xlsx/.csv/.parquet)")
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
    limits = regen.add_argument_group("limits for trusted inputs", "Workbooks from outside are refused beyond these limits "
                                      "(per sheet, and cells also per workbook); raise them for files you trust.")
    limits.add_argument("--max-rows", type=int, metavar="N", help="highest row a sheet may use (default 250,000; "
                        "raises --max-cells to 20 cells a row unless given)")
    limits.add_argument("--max-columns", type=int, metavar="N", help="highest column a sheet may use (default 1,024)")
    limits.add_argument("--max-cells", type=int, metavar="N", help="cells of a sheet's used range, and of a workbook's "
                        "(default 5,000,000)")
    limits.add_argument("--worker-memory", type=_size, metavar="SIZE", help="memory each worker process may use, e.g. "
                        "4G (default: this machine's memory shared among the workers); a job beyond it fails alone")
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

    with folder_lock(args.out, folders=[args.out / "clients"]), _progress() as progress:  # one run per folder, as regenerate
        task = progress.add_task("demo", total=demo_size(), item="")
        written = run_demo(args.out, step=lambda label: progress.update(task, advance=1, item=label))
    for path in written:
        print(path)
    return OK


def _size(text: str) -> int:
    """A memory size in bytes from ``4G``, ``512M``, ``1.5G`` or a plain number of bytes.

    >>> _size("4G"), _size("512m"), _size("1073741824")
    (4294967296, 536870912, 1073741824)
    """
    units = {"k": 2 ** 10, "m": 2 ** 20, "g": 2 ** 30, "t": 2 ** 40}
    text = text.strip().lower().removesuffix("b").removesuffix("i")
    try:
        value = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 4G or 512M") from None
    if value < 2 ** 28:
        raise argparse.ArgumentTypeError(f"{text!r} is below 256M, too little for a worker")
    return int(value)


def _default_memory(workers: int) -> int | None:
    """This machine's memory shared among the workers (None where it cannot be read)."""
    import os

    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return max(total // max(workers, 1), 2 ** 31)


def _regenerate(args) -> int:
    if args.workers > 1 and not args.scheduler:
        from debtdesk.workbooks.batch import warm_up

        warm_up()  # the workers' fork server imports DebtDesk while this process reads the inputs
    from debtdesk.reading import Locale
    from debtdesk.workbooks.jobs import workbook_files, workbook_jobs
    from debtdesk.workbooks.limits import DEFAULT, applying
    from debtdesk.workbooks.lock import folder_lock

    if args.out is None and not (args.in_place and args.manifest):
        raise DebtDeskError("--out", "is required (with --in-place, give --out or --manifest for the manifest)")
    if args.in_place and (args.data or args.ledger):
        raise DebtDeskError("--in-place", "refreshes workbook files only; --data and --ledger write new workbooks to --out")
    _check_paths(args)
    args.limits = DEFAULT.raised(args.max_rows, args.max_columns, args.max_cells)  # refused here when below 1
    out = args.out.resolve() if args.out else None
    locale = Locale("," if args.decimal_comma else ".", args.date_order or "", args.numeric_ids, "regenerate")
    with applying(args.limits):  # --data files are read here, in this process
        jobs = workbook_jobs(workbook_files(args.inputs), out, args.in_place)
    warnings = []
    if args.data or args.ledger:  # only then does this process read firm data (pandas and the engine)
        from debtdesk.workbooks.collections_exports import collections_job, missing_exports, split_exports
        from debtdesk.workbooks.sources import client_jobs

        with applying(args.limits):
            exports, data = split_exports(args.data)
            jobs += client_jobs(data, out, args.as_of, locale)
        if args.ledger:
            jobs.append(collections_job(args.ledger, out, args.as_of, exports, locale))
            warnings = missing_exports(exports)
        elif exports:
            raise DebtDeskError("--data", f"{', '.join(p.name for p in exports.values())}: collections exports go with --ledger")
    if not jobs:
        raise DebtDeskError("INPUT", "nothing to regenerate: give workbooks or folders, --data files or --ledger")
    _distinct_outputs(jobs)
    manifest = (args.manifest or out / "manifest.jsonl").resolve()
    folders = {Path(j.output).parent for j in jobs if j.output} | {manifest.parent}
    # One run per folder: a second waits (--wait-lock) or is refused, before it reads the manifest or writes
    # anything; what a killed run left (its temporaries, carrying its run id) is removed once the lock is held.
    try:
        lock = folder_lock(out or manifest.parent, wait=args.wait_lock, folders=folders,
                           notify=lambda message: print(f"debtdesk: {message}", file=sys.stderr))
        with lock:
            return _run_jobs(args, jobs, manifest, warnings)
    except OSError as error:
        if error.filename and Path(error.filename).name == ".debtdesk.lock":
            raise DebtDeskError("--out", f"cannot write in {Path(error.filename).parent}: {error.strerror}") from None
        raise


def _check_paths(args) -> None:
    """Refuse, before anything is read or written, paths that cannot be what they are for."""
    import os

    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise DebtDeskError("--out", f"{args.out} is a file, not a folder")
    if args.manifest is not None and args.manifest.is_dir():
        raise DebtDeskError("--manifest", f"{args.manifest} is a folder; give the manifest's file name")
    if args.ledger is not None:
        from debtdesk.workbooks.fastio import READABLE

        if args.ledger.suffix.lower() not in READABLE:
            raise DebtDeskError("--ledger", f"{args.ledger.name}: expected one of {', '.join(READABLE)}")
        if args.ledger.is_dir():
            raise DebtDeskError("--ledger", f"{args.ledger} is a folder; give the ledger file")
    for path in args.data:
        if path.is_dir():
            raise DebtDeskError("--data", f"{path} is a folder; give the data files themselves")
        if not path.exists():
            raise DebtDeskError("--data", f"{path} does not exist")
    for option, path in (("--out", args.out), ("--manifest", args.manifest)):
        if path is not None:
            longest = len(os.fsencode(path.resolve())) + DEEPEST
            if longest > PATH_MAX:
                raise DebtDeskError(option, f"{path} is too deep: files DebtDesk writes under it would have paths of "
                                    f"up to {longest:,} bytes, above the system's {PATH_MAX:,}")


#: Longest path DebtDesk adds under --out: clients/<id> documents/<id> <creditor> (n).docx and its
#: temporary-file decoration (each name is bounded: debtdesk.workbooks.safe_names).
DEEPEST = 420
PATH_MAX = 4096


def _distinct_outputs(jobs: list) -> None:
    """Two items that would write one file (also where case is ignored) are refused before anything runs."""
    from debtdesk.workbooks.safe_names import collision_key

    seen = {}
    for job in jobs:
        if not job.output or job.in_place:
            continue
        key = collision_key(job.output)
        if key in seen:
            raise DebtDeskError("INPUT", f"{Path(job.key).name} and {Path(seen[key]).name} would both write "
                                f"{Path(job.output).name}; rename one")
        seen[key] = job.key


def _run_jobs(args, jobs: list, manifest_path: Path, warnings: list[str] = ()) -> int:
    from debtdesk.atomic import run_id
    from debtdesk.workbooks.batch import Guards, Report, printable, run_batch
    from debtdesk.workbooks.manifest import Manifest

    pool = min(args.workers, len(jobs))  # the batch starts no idle processes for a few jobs
    guards = Guards(run_id(), args.limits,
                    args.worker_memory or (_default_memory(pool) if args.workers > 1 else None))
    manifest = Manifest(manifest_path)
    report, stopped = Report(), None
    try:
        with _progress() as progress:
            task = progress.add_task("regenerate", total=len(jobs), item="")
            failed = []

            def step(entry) -> None:
                if entry.status == "failed":
                    failed.append(entry.input)
                label = printable(Path(entry.input).name)  # "clients.csv#C-1001" for a client from data
                progress.update(task, advance=1, item=f"{label} {entry.status}" + (f" · {len(failed)} failed" if failed else ""))

            run_batch(jobs, manifest, workers=args.workers, scheduler=args.scheduler, resume=args.resume, progress=step,
                      guards=guards, report=report)
    except OSError as error:  # the output folder filled up or went away under the run
        from debtdesk.workbooks.regenerate import reason

        stopped = f"the run stopped: {reason(error)}"
    except KeyboardInterrupt:
        stopped = "interrupted; outputs already written are complete, nothing half-written was left"
    finally:
        print(report.summary(), file=sys.stderr)
        for warning in warnings:  # a compliance guard the run could not apply: never silent
            print(warning, file=sys.stderr)
        print(f"manifest: {manifest.path}", file=sys.stderr)
        if stopped:
            print(f"debtdesk: {printable(stopped)}", file=sys.stderr)
    if stopped:
        return 130 if stopped.startswith("interrupted") else FAILED
    return OK if report.ok else FAILED


def _addin_build(args) -> int:
    from debtdesk.addin.build import build_addin

    print(build_addin(args.out))
    return OK


if __name__ == "__main__":
    sys.exit(main())
