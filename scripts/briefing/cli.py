"""The command line: a thin layer that parses arguments and reports problems."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from briefing import build, diff, fmt, github, linkcheck, pipeline
from briefing.dictionary import dictionary
from briefing.export import to_csv, to_json
from briefing.init import InitError, Requirement, init, running_requirement
from briefing.load import fact_files
from briefing.models import FOLDERS, KINDS, _check_id
from briefing.problems import FactBaseError, Problem, failing, summary
from briefing.revision import RevisionError
from briefing.schema import SCHEMA_FOLDER, schema_files
from briefing.template import new_record
from briefing.verify import verify_quotes
from briefing.write import WriteConflict, WriteReport

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _report(problems: Sequence[Problem], *, annotate: bool = False) -> None:
    for problem in problems:
        if annotate:  # GitHub reads workflow commands from the job's standard output
            print(github.annotation(problem))
        else:
            print(problem, file=sys.stderr)


def _fails(problems: list[Problem], *, strict: bool = False, annotate: bool = False) -> bool:
    """Print every problem and the count; return whether they fail the run."""
    _report(problems, annotate=annotate)
    if problems:
        print(summary(problems), file=sys.stderr)
    return bool(failing(problems, strict=strict))


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the fact base and print every problem."""
    base, problems = pipeline.check(args.facts)
    if _fails(problems, strict=args.strict, annotate=args.format == "github"):
        return EXIT_DATA
    count = sum(len(records) for records in base.by_kind.values())
    print(f"{args.facts.as_posix()}: {count} records, no errors")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Say what changed in the facts since a git revision, as Markdown."""
    try:
        old, old_problems = pipeline.check_at(args.base, args.facts)
    except RevisionError as exc:
        print(f"briefing diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    new, new_problems = pipeline.check(args.facts)
    before, after = failing(old_problems), failing(new_problems)
    _report([*before, *after])
    print(diff.report(diff.compare(old, new), args.base, before, after), end="")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write a JSON Schema per kind."""
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        path = args.out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.as_posix()}")
    return EXIT_OK


def cmd_dictionary(args: argparse.Namespace) -> int:
    """Print the data dictionary page, or write it to a file."""
    base, _ = pipeline.gather(args.facts)
    text = dictionary(base)
    if args.out is None:
        print(text, end="")
        return EXIT_OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out.as_posix()}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented template record."""
    try:
        _check_id(args.id)
    except ValueError as exc:
        print(f"briefing new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    folder = args.facts / FOLDERS[args.kind]
    path = folder / f"{args.id}.yml"
    if path.exists():
        print(
            f"briefing new: {path.as_posix()} already exists (choose another id)", file=sys.stderr
        )
        return EXIT_DATA
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(new_record(args.kind, args.id), encoding="utf-8")
    print(f"wrote {path.as_posix()}: fill in the required fields, then run `briefing check`")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new briefing repository."""
    requirement = running_requirement()
    if args.requirement is not None:
        requirement = Requirement(args.requirement, "the --requirement option", local=False)
    try:
        written = init(args.folder, args.title, args.description or "", requirement)
    except InitError as exc:
        print(f"briefing init: {exc}", file=sys.stderr)
        return EXIT_USAGE
    folder = args.folder.as_posix()
    print(f"wrote {len(written)} files under {folder}/, installing {requirement.line}")
    if requirement.local:
        print(
            "note: that is a folder on this machine, which CI elsewhere cannot install from; "
            "to publish, change requirements.txt to a git URL or a release, e.g. "
            "'briefing @ git+https://github.com/OWNER/briefing@TAG'",
            file=sys.stderr,
        )
    print(f"next: cd {shlex.quote(folder)} && make site")
    return EXIT_OK


def cmd_verify_quotes(args: argparse.Namespace) -> int:
    """Check every quote against the archived text of its sources."""
    if not args.archive.is_dir():
        print(
            f"briefing verify-quotes: no folder {args.archive.as_posix()}/ (keep the archived "
            "copies of the sources there, or pass --archive DIR)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    base, _ = pipeline.gather(args.facts)
    problems, checked = verify_quotes(base, args.archive)
    if _fails(problems, strict=args.strict):
        return EXIT_DATA
    total = len(base.by_kind["quote"])
    unchecked = f"; {total - checked} unchecked" if checked < total else ""
    print(
        f"{checked} of {total} quotes checked against {args.archive.as_posix()}/, "
        f"all verbatim{unchecked}"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the fact base as JSON or as CSV tables."""
    base, _ = pipeline.gather(args.facts)
    files = {"briefing.json": to_json(base)} if args.format == "json" else to_csv(base)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = args.out / name
        path.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {path.as_posix()}")
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    """Rewrite fact files in the canonical layout, or list those that would change."""
    if not args.files and not args.facts.is_dir():
        _fails([Problem(args.facts.as_posix(), 1, 1, "no such folder (pass --facts DIR)")])
        return EXIT_DATA
    files = args.files or [path for _, path in fact_files(args.facts)]
    changed: list[Path] = []
    problems: list[Problem] = []
    for path in files:
        new, found = fmt.format_file(path)
        problems += found
        if new is not None:
            changed.append(path)
            if not args.check:
                fmt.write_atomic(path, new)
            print(f"{'would reformat' if args.check else 'reformatted'} {path.as_posix()}")
    _fails(problems)
    done = "would be reformatted" if args.check else "reformatted"
    hint = " (run `briefing fmt` to lay them out)" if args.check and changed else ""
    print(f"{_files(len(changed))} {done}, {len(files) - len(changed)} already formatted{hint}")
    return EXIT_DATA if problems or (args.check and changed) else EXIT_OK


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _rendered(report: WriteReport, warnings: list[Problem]) -> None:
    _report(warnings)
    print(
        f"generated files: {len(report.written)} changed, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )


def cmd_render(args: argparse.Namespace) -> int:
    """Render the facts into Markdown pages under docs/."""
    _rendered(*pipeline.render_site(args.facts, args.docs, args.config))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Render, then build the site with MkDocs."""
    start = time.perf_counter()
    try:
        built = build.build_site(
            args.facts,
            args.docs,
            args.config,
            args.site_dir,
            offline=args.offline,
            full=args.full,
            jobs=args.jobs,
        )
    except build.BuildError as exc:
        print(exc, file=sys.stderr)
        return EXIT_DATA
    _report(built.warnings)
    report = built.report
    # A file rendered again may come out as it was: say how many did, beside how many
    # changed, so that the two counts do not read as a contradiction.
    print(
        f"rendered: {built.rendered} of {len(report.written) + report.unchanged} generated "
        f"files, {len(report.written)} changed, {len(report.removed)} removed"
    )
    if built.rebuilt is None:
        print(f"full build: {built.reason}")
    else:
        print(f"incremental build: {built.rebuilt} of {built.pages} pages built again")
    print(f"built {args.site_dir.as_posix()}/ in {time.perf_counter() - start:.1f} s")
    return EXIT_OK


def _built(site: Path, command: str) -> bool:
    """Say whether a site is built there, saying on standard error how to build it if not."""
    if (site / "index.html").is_file():
        return True
    print(
        f"briefing {command}: {site.as_posix()}/index.html not found "
        "(build the site first: `briefing build`)",
        file=sys.stderr,
    )
    return False


def cmd_pdf(args: argparse.Namespace) -> int:
    """Print each dispute of the built site to PDF."""
    from briefing.pdf import PdfError, find_browser, print_papers

    if not _built(args.site_dir, "pdf"):
        return EXIT_USAGE
    try:
        written = print_papers(args.site_dir, args.out, find_browser())
    except PdfError as exc:
        print(f"briefing pdf: {exc}", file=sys.stderr)
        return EXIT_DATA
    for path in written:
        print(f"wrote {path.as_posix()}")
    return EXIT_OK


def cmd_check_links(args: argparse.Namespace) -> int:
    """Check that every link and anchor between the built site's pages resolves."""
    if not _built(args.site_dir, "check-links"):
        return EXIT_USAGE
    broken = linkcheck.broken_links(args.site_dir, pipeline.served_at(args.config))
    for link in broken:
        print(f"{args.site_dir.as_posix()}/{link}", file=sys.stderr)
    pages = sum(1 for _ in linkcheck.html_pages(args.site_dir))
    if broken:
        count = f"{len(broken)} broken link" + ("" if len(broken) == 1 else "s")
        print(f"{count} in {args.site_dir.as_posix()}/", file=sys.stderr)
        return EXIT_DATA
    print(f"{args.site_dir.as_posix()}/: every link and anchor in {pages} pages resolves")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site, re-rendering when the facts change."""
    from briefing.serve import serve

    return serve(args.facts, args.docs, args.config, args.dev_addr)


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic fact base of a given size."""
    from briefing.synth import MIN_SCALE, synthesise

    if args.scale < MIN_SCALE:
        print(
            f"briefing synth: --scale {args.scale} is too small (use at least {MIN_SCALE}, "
            "so that every kind has a few records)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        print(
            f"briefing synth: {args.out.as_posix()} is not empty (choose a new folder)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    files = synthesise(args.scale, args.seed)
    for relative, text in files.items():
        path = args.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # In the layout `briefing fmt` keeps, so that a briefing begun from it passes
        # `fmt --check` (the benchmark skips this: it costs about 5 ms a file).
        path.write_text(fmt.format_text(text, fmt.kind_of(path)), encoding="utf-8")
    print(f"wrote {len(files)} fact files under {args.out.as_posix()}/")
    return EXIT_OK


def _positive(text: str) -> int:
    """Return a count given on the command line; raise ArgumentTypeError unless above 0."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    main = argparse.ArgumentParser(
        prog="briefing", description="Check cited YAML facts and build a briefing site."
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def facts_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--facts", type=Path, default=Path("facts"), help="fact base folder (default: facts)"
        )

    check = commands.add_parser("check", help="validate the facts and report every problem")
    facts_option(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: path:line:col lines (default); github: workflow commands that annotate lines",
    )
    check.set_defaults(run=cmd_check)

    changes = commands.add_parser(
        "diff", help="say what changed in the facts since a git revision, as Markdown"
    )
    changes.add_argument("base", metavar="BASE", help="git revision, e.g. HEAD~1 or origin/main")
    facts_option(changes)
    changes.set_defaults(run=cmd_diff)

    schema = commands.add_parser("schema", help="write a JSON Schema per kind")
    schema.add_argument(
        "--out",
        type=Path,
        default=Path("facts", SCHEMA_FOLDER),
        help=f"default: facts/{SCHEMA_FOLDER}, where each fact file's $schema line finds them",
    )
    schema.set_defaults(run=cmd_schema)

    dictionary_command = commands.add_parser(
        "dictionary", help="write the data dictionary page: every kind and field"
    )
    facts_option(dictionary_command)
    dictionary_command.add_argument(
        "--out",
        type=Path,
        help="write it to this file (default: standard output; the site has it as "
        "dictionary.md, written by render)",
    )
    dictionary_command.set_defaults(run=cmd_dictionary)

    start = commands.add_parser("init", help="write a new briefing repository")
    start.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    start.add_argument("--title", required=True, help="the briefing's title, in one line")
    start.add_argument("--description", help="what it covers, in a sentence")
    start.add_argument(
        "--requirement",
        help="the pip requirement that installs briefing in it (default: this briefing, "
        "as it is installed here)",
    )
    start.set_defaults(run=cmd_init)

    new = commands.add_parser("new", help="write a commented template for a new record")
    new.add_argument("kind", choices=list(KINDS), help="the kind of record")
    new.add_argument("id", help="the new record's id")
    facts_option(new)
    new.set_defaults(run=cmd_new)

    fmt_command = commands.add_parser(
        "fmt", help="rewrite fact files in one canonical layout, keeping comments"
    )
    fmt_command.add_argument(
        "files", nargs="*", type=Path, help="files to format (default: every file under --facts)"
    )
    facts_option(fmt_command)
    fmt_command.add_argument(
        "--check", action="store_true", help="write nothing; list files that would change"
    )
    fmt_command.set_defaults(run=cmd_fmt)

    def site_options(command: argparse.ArgumentParser) -> None:
        facts_option(command)
        command.add_argument("--docs", type=Path, default=Path("docs"), help="default: docs")
        command.add_argument(
            "--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml"
        )

    render = commands.add_parser("render", help="render the facts into pages under docs/")
    site_options(render)
    render.set_defaults(run=cmd_render)

    build = commands.add_parser("build", help="render, then build the site with MkDocs")
    site_options(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    build.add_argument(
        "--offline",
        action="store_true",
        help="also build the offline edition, offered as a zip on the Data page",
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="build every page, not only those whose sources changed since the last build",
    )
    build.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        help="processes to render and build every page with (default: one per core)",
    )
    build.set_defaults(run=cmd_build)

    pdf = commands.add_parser(
        "pdf", help="print each dispute of the built site to PDF with headless Chromium"
    )
    pdf.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    pdf.add_argument("--out", type=Path, default=Path("pdf"), help="default: pdf")
    pdf.set_defaults(run=cmd_pdf)

    links = commands.add_parser(
        "check-links", help="check that every link and anchor in the built site resolves"
    )
    links.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    links.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml"
    )
    links.set_defaults(run=cmd_check_links)

    serve = commands.add_parser("serve", help="preview the site, re-rendering on fact changes")
    site_options(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="default: 127.0.0.1:8000")
    serve.set_defaults(run=cmd_serve)

    verify = commands.add_parser(
        "verify-quotes", help="check that every quote is verbatim in its archived source"
    )
    facts_option(verify)
    verify.add_argument(
        "--archive",
        type=Path,
        default=Path("archive"),
        help="folder of archived source texts (default: archive)",
    )
    verify.add_argument("--strict", action="store_true", help="fail when a quote is unchecked, too")
    verify.set_defaults(run=cmd_verify_quotes)

    export = commands.add_parser("export", help="write the facts as JSON or CSV data")
    export.add_argument(
        "--format", choices=["json", "csv"], required=True, help="json: one file; csv: four"
    )
    facts_option(export)
    export.add_argument("--out", type=Path, default=Path("export"), help="default: export")
    export.set_defaults(run=cmd_export)

    synth = commands.add_parser("synth", help="write a synthetic fact base for benchmarks")
    synth.add_argument("--scale", type=int, required=True, help="number of actors, N")
    synth.add_argument("--out", type=Path, required=True, help="new folder for the facts")
    synth.add_argument("--seed", type=int, default=0, help="the same seed, the same facts")
    synth.set_defaults(run=cmd_synth)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except FactBaseError as exc:
        _report(exc.problems)
        print(exc, file=sys.stderr)
        return EXIT_DATA
    except WriteConflict as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    return status
