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
                                description="Runs the same macros as the ribbon's Regenerate button on each input workbook and writes the results to --out. Inputs are never modified.")
    regen.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="workbook files or folders of workbooks (.xlsx, .xlsm)")
    regen.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)")
    regen.set_defaults(run=_regenerate)

    addin = commands.add_parser("addin", help="build the DebtDesk.xlam add-in", description="Add-in commands.")
    addin_commands = addin.add_subparsers(dest="addin_command", metavar="ACTION", required=True)
    build = addin_commands.add_parser("build", help="write DebtDesk.xlam", description="Writes DebtDesk.xlam (ribbon + VBA callback) from the xlwings add-in template.")
    build.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)")
    build.set_defaults(run=_addin_build)
    return parser


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    TextColumn("{task.fields[item]}"), console=Console(stderr=True), transient=False)


def _demo(args) -> int:
    from debtdesk.workbooks.demo import demo_size, run_demo

    with _progress() as progress:
        task = progress.add_task("demo", total=demo_size(), item="")
        written = run_demo(args.out, step=lambda label: progress.update(task, advance=1, item=label))
    for path in written:
        print(path)
    return OK


def _regenerate(args) -> int:
    from debtdesk.workbooks.regenerate import regenerate_file

    files = []
    for item in args.inputs:
        if item.is_dir():
            files.extend(sorted(p for p in item.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith(("~$", "."))))
        elif item.exists():
            files.append(item)
        else:
            raise DebtDeskError("INPUT", f"{item} does not exist")
    if not files:
        raise DebtDeskError("INPUT", "no .xlsx/.xlsm workbooks found")
    failed = []
    with _progress() as progress:
        task = progress.add_task("regenerate", total=len(files), item="")
        for path in files:
            try:
                print(regenerate_file(path, args.out))
            except DebtDeskError as error:
                failed.append((path, str(error)))
            progress.update(task, advance=1, item=path.name)
    print(f"done {len(files) - len(failed)}, failed {len(failed)}", file=sys.stderr)
    for path, reason in failed:
        print(f"  failed {path}: {reason}", file=sys.stderr)
    return FAILED if failed else OK


def _addin_build(args) -> int:
    from debtdesk.addin.build import build_addin

    print(build_addin(args.out))
    return OK


if __name__ == "__main__":
    sys.exit(main())
