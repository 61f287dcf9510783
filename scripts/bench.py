"""Benchmark the build of synthetic briefings of N = 100, 1,000 and 10,000 actors.

Run with `make bench` (or `make bench QUICK=1`, which stops at N = 1,000). For each N it
synthesises a fact base into a temporary folder beside a copy of mkdocs.yml and the
hand-written pages, times each generator stage by calling it, times a real
`mkdocs build` in a subprocess, and measures what the targets below are about. It
prints a table and writes the same numbers to bench/results.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from briefing.collector import no_cycle_collection
from briefing.init import THEME_FILES, Requirement, briefing_files
from briefing.link import link
from briefing.load import decode, fact_files, load
from briefing.pipeline import settings_for
from briefing.problems import failing
from briefing.render import render
from briefing.synth import synthesise
from briefing.validate import validate
from briefing.write import read_manifest, write

ROOT = Path(__file__).resolve().parent.parent
SCALES = (100, 1_000, 10_000)
SERVE_SCALE = 1_000
EDITED = " Edited"
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """A target: the metric, the limit, and whether more is better."""

    label: str
    key: str
    limit: float
    at_least: bool = False
    unit: str = ""

    def show(self, value: float) -> str:
        """Return a value of this target's metric as the table shows it."""
        if self.unit == "%":
            return f"{100 * value:.1f}%"
        if self.unit == "B":
            return f"{value / 1e6:.0f} MB"
        if self.unit == "files":
            return f"{value:.0f}"
        return f"{value:.2f}" + (f" {self.unit}" if self.unit else "")

    def met(self, value: float) -> bool:
        """Return whether a measured value meets the target."""
        return value >= self.limit if self.at_least else value <= self.limit

    def gap(self, value: float) -> str:
        """Return how far a value is from the target, as a factor."""
        if self.met(value):
            return "pass"
        if self.limit == 0:
            return f"MISS (by {self.show(value)})"
        factor = self.limit / value if self.at_least else value / self.limit
        return f"MISS ({factor:.2f}x {'short' if self.at_least else 'over'})"


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Return what action returns and the seconds it took."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


# Runs a command and writes its peak memory to a file. A child forked from this large
# process starts with its pages, which Linux counts in the child's peak even after it
# execs: the command is forked from this small program instead, as /usr/bin/time does.
_PEAK = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(command: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Run a command to completion; return its seconds and peak memory in bytes."""
    peak = cwd / ".peak"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(peak), *command],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode(errors='replace')}")
    kilobytes = int(peak.read_text())  # Linux gives kilobytes
    peak.unlink()
    return seconds, kilobytes * 1024


def project(folder: Path, scale: int, seed: int) -> Path:
    """Write a project: a new briefing's mkdocs.yml, theme and hand-written pages, and facts."""
    made = new_briefing()
    for relative in ("mkdocs.yml", *THEME_FILES):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(made[relative], encoding="utf-8")
    copy_hand_written(folder / "docs")
    for relative, text in synthesise(scale, seed).items():
        path = folder / "facts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def new_briefing() -> dict[str, str]:
    """Return the files `briefing init` writes for the synthetic briefing."""
    installed = Requirement("briefing", "the benchmark", local=False)
    return briefing_files("Synthetic briefing", "A briefing made up for a benchmark.", installed)


def copy_hand_written(docs: Path) -> None:
    """Write the hand-written pages of a new briefing under docs/."""
    for relative, text in new_briefing().items():
        if relative.startswith("docs/"):
            path = docs / relative.removeprefix("docs/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def generator(folder: Path) -> tuple[dict[str, float], list[str]]:
    """Run each generator stage by calling it; return seconds per stage and files written."""
    facts, docs, config = folder / "facts", folder / "docs", folder / "mkdocs.yml"
    seconds: dict[str, float] = {}
    with no_cycle_collection():  # as pipeline.check reads
        (raws, problems), seconds["load"] = timed(lambda: load(facts))
        validated, seconds["validate"] = timed(lambda: validate(raws))
        (base, linked), seconds["link"] = timed(lambda: link(validated.entries, validated.invalid))
    errors = failing([*problems, *validated.problems, *linked])
    if errors:
        raise SystemExit(f"synthetic facts have errors, e.g. {errors[0]}")
    pages, seconds["render"] = timed(lambda: dict(render(base, settings_for(docs, config, facts))))
    report, seconds["write"] = timed(lambda: write(dict(pages), docs))
    return seconds, report.written


def bare_parse(facts: Path) -> float:
    """Return the seconds libyaml's CSafeLoader takes to read and parse every fact file."""
    start = time.perf_counter()
    for _, path in fact_files(facts):
        yaml.load(decode(path.read_bytes()), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def pick_actor(folder: Path) -> tuple[Path, str]:
    """Return the file and name of a person of middling fame with no summary, to edit."""
    people: list[tuple[Path, str]] = []
    for path in sorted((folder / "facts" / "actors").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if record["kind"] == "person" and "summary" not in record:
            people.append((path, str(record["name"])))
    return people[len(people) // 2]


def add_summary(path: Path, summary: str) -> None:
    """Give the person in this file a summary."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nkind: person\n", f"\nkind: person\nsummary: {summary}\n"))


def edit(path: Path, name: str, suffix: str) -> str:
    """Rename the actor in its file; return the new name."""
    text = path.read_text(encoding="utf-8")
    renamed = name + suffix
    path.write_text(text.replace(f"\nname: {name}\n", f"\nname: {renamed}\n"), encoding="utf-8")
    assert renamed in path.read_text(encoding="utf-8")
    return renamed


def showing(docs: Path, text: str) -> set[str]:
    """Return the generated files that contain a text."""
    return {
        relative
        for relative in read_manifest(docs)
        if text in (docs / relative).read_text(encoding="utf-8", errors="replace")
    }


def site_sizes(site: Path) -> tuple[int, int, int]:
    """Return the bytes of the built site, of its search index, and its page count."""
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    search = (site / "search" / "search_index.json").stat().st_size
    pages = sum(1 for _ in site.rglob("index.html"))
    return total, search, pages


def search_first_download(site: Path) -> int:
    """Return the bytes a reader's first search downloads: index and worker, over gzip.

    The theme fetches the search index and its search worker script when the search box
    is first used; web servers (GitHub Pages among them) send both compressed, here with
    gzip at level 6.
    """
    (worker,) = (site / "assets" / "javascripts" / "workers").glob("search.*.js")
    fetched = (site / "search" / "search_index.json", worker)
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in fetched)


def zensical_builds(folder: Path) -> bool:
    """Return whether `zensical build --strict` builds the rendered pages of a project."""
    command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    for made in (folder / "site", folder / ".cache"):
        shutil.rmtree(made, ignore_errors=True)
    if done.returncode != 0:
        print(f"zensical build failed at {folder.name}:\n{done.stdout[-2000:]}", file=sys.stderr)
    return done.returncode == 0


def bench_scale(scale: int, seed: int, work: Path) -> dict[str, Any]:
    """Measure everything at one N."""
    folder = work / f"n{scale}"
    folder.mkdir()
    _, synth_seconds = timed(lambda: project(folder, scale, seed))
    facts = folder / "facts"
    result: dict[str, Any] = {"n": scale, "synth_s": synth_seconds}
    result["fact_files"] = sum(1 for _ in fact_files(facts))
    result["fact_bytes"] = sum(path.stat().st_size for _, path in fact_files(facts))
    result["csafe_s"] = bare_parse(facts)
    stages, written = generator(folder)
    result.update({f"{stage}_s": seconds for stage, seconds in stages.items()})
    result["generator_s"] = sum(stages.values())
    result["generated_files"] = len(read_manifest(folder / "docs"))
    result["first_written"] = len(written)
    result["load_validate_vs_csafe"] = result["csafe_s"] / (stages["load"] + stages["validate"])

    again, rewritten = generator(folder)
    result["second_s"] = sum(again.values())
    result["second_written"] = len(rewritten)

    path, name = pick_actor(folder)
    renamed = edit(path, name, EDITED)
    edit_stages, edited = generator(folder)
    result["edit_s"] = sum(edit_stages.values())
    result["edit_written"] = len(edited)
    result["edit_files"] = sorted(edited)
    shown = showing(folder / "docs", renamed)
    result["edit_not_showing"] = sorted(set(edited) - shown)
    result["edit_missed"] = sorted(shown - set(edited))
    result["edit_ok"] = not result["edit_not_showing"] and not result["edit_missed"]

    fresh = folder / "fresh-docs"
    copy_hand_written(fresh)
    command = [sys.executable, "-m", "briefing", "render", "--docs", str(fresh)]
    result["render_cli_s"], result["render_peak_bytes"] = run_measured(command, folder)
    shutil.rmtree(fresh)

    site = folder / "site"
    # Not --quiet: it silences the warnings that --strict turns into failures.
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    result["mkdocs_s"], result["mkdocs_peak_bytes"] = run_measured(mkdocs, folder)
    total, search, pages = site_sizes(site)
    result.update(site_bytes=total, search_bytes=search, site_pages=pages)
    result["mkdocs_s_per_page"] = result["mkdocs_s"] / pages
    result["search_bytes_per_page"] = search / pages
    result["site_bytes_per_page"] = total / pages
    result["generator_vs_mkdocs"] = result["generator_s"] / result["mkdocs_s"]
    result["generator_share"] = result["generator_s"] / (result["generator_s"] + result["mkdocs_s"])
    result["search_first_download_bytes"] = search_first_download(site)
    shutil.rmtree(site)
    result.update(bench_builds(folder))
    # Today's way: a full render and stock `mkdocs build --strict`, one process each.
    result["reference_build_s"] = result["render_cli_s"] + result["mkdocs_s"]
    result["cold_build_parallel_vs_reference"] = (
        result["cold_build_parallel_s"] / result["reference_build_s"]
    )
    result["incremental_edit_vs_reference"] = (
        result["incremental_edit_s"] / result["reference_build_s"]
    )
    result["incremental_rename_vs_reference"] = (
        result["incremental_rename_s"] / result["reference_build_s"]
    )
    result["zensical_build_ok"] = zensical_builds(folder)
    if scale == SERVE_SCALE:
        served = serve_latency(folder)
        # The served search index must be the one a full build of the edited facts makes.
        run_measured(mkdocs, folder)
        built = search_entries(json.loads((site / "search" / "search_index.json").read_text()))
        result.update({key: value for key, value in served.items() if key != "search"})
        built_pages = {json.loads(entry)["location"].split("#")[0] for entry in built}
        # Serving also previews pages a build leaves out (intro.md): compare the others.
        served_entries = [
            e for e in served["search"] if json.loads(e)["location"].split("#")[0] in built_pages
        ]
        result["serve_search_ok"] = served_entries == built
        shutil.rmtree(site)
    return result


def briefing_build(folder: Path, *args: str) -> tuple[float, str]:
    """Run `briefing build` in a fresh process; return its seconds and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "build", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"briefing build {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


def same_files(one: Path, other: Path) -> bool:
    """Say whether two folders hold the same files with the same bytes."""
    paths = {p.relative_to(one) for p in one.rglob("*") if p.is_file()}
    if paths != {p.relative_to(other) for p in other.rglob("*") if p.is_file()}:
        return False
    return all((one / p).read_bytes() == (other / p).read_bytes() for p in paths)


def bench_builds(folder: Path) -> dict[str, Any]:
    """Time `briefing build`: cold, then incremental after an edit and after a rename.

    The project is put in git, and each edit committed, as in CI: every page's edition
    changes with each commit. Each incremental site is compared with a full build.
    """
    ignored = "/site*/\n/.site*\n/docs/\n/fresh-docs/\n/.peak\n"
    (folder / ".gitignore").write_text(ignored, encoding="utf-8")
    commit_all(folder, "First edition")
    result: dict[str, Any] = {"cores": os.cpu_count()}
    result["cold_build_s"], _ = briefing_build(folder, "--full", "--jobs", "1")
    result["cold_build_parallel_s"], _ = briefing_build(folder, "--full")  # a job per core
    path, name = pick_actor(folder)
    add_summary(path, "A summary added by the benchmark.")
    commit_all(folder, "Summary")
    result["incremental_edit_s"], said = briefing_build(folder)
    found = re.search(r"incremental build: (\d+) of (\d+) pages", said)
    result["incremental_pages_rebuilt"] = int(found.group(1)) if found else None
    briefing_build(folder, "--full", "--jobs", "1", "--site-dir", "site-full")
    equal = same_files(folder / "site", folder / "site-full")
    edit(path, name, " Renamed")
    commit_all(folder, "Rename")
    result["incremental_rename_s"], said = briefing_build(folder)
    result["incremental_rename_rebuilt"] = (
        int(found.group(1)) if (found := re.search(r"incremental build: (\d+) of", said)) else None
    )
    briefing_build(folder, "--full", "--jobs", "1", "--site-dir", "site-full")
    equal = equal and same_files(folder / "site", folder / "site-full")
    # The parallel build of the same facts, into another folder, against one process.
    try:
        briefing_build(folder, "--full", "--site-dir", "site-parallel")
        result["parallel_equal_full"] = same_files(folder / "site-parallel", folder / "site-full")
    except SystemExit as exc:
        result["parallel_equal_full"] = str(exc)[:2000]
    shutil.rmtree(folder / "site-parallel", ignore_errors=True)
    result["incremental_equal_full"] = equal
    for built in ("site", "site-full"):
        shutil.rmtree(folder / built)
    return result


def commit_all(folder: Path, message: str) -> None:
    """Commit everything in a folder, making it a git repository first if need be."""
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    if not (folder / ".git").exists():
        subprocess.run([*git, "init", "--quiet"], cwd=folder, check=True)
    subprocess.run([*git, "add", "--all"], cwd=folder, check=True)
    subprocess.run(
        [*git, "commit", "--quiet", "--no-gpg-sign", "-m", message], cwd=folder, check=True
    )


def free_port() -> int:
    """Return a TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """Return the body at url, or "" if it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float, step: float = 0.05) -> float | None:
    """Return the seconds until url serves a page containing text, None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(step)
    return None


def search_entries(index: dict[str, Any]) -> list[str]:
    """Return the entries of a search index, in a form that compares regardless of order."""
    return sorted(json.dumps(entry, sort_keys=True) for entry in index.get("docs", []))


def serve_latency(folder: Path) -> dict[str, Any]:
    """Measure seconds from saving an actor file to `briefing serve` serving the change."""
    port = free_port()
    command = [sys.executable, "-m", "briefing", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    found: dict[str, Any] = {}
    try:
        path, name = pick_actor(folder)
        page = f"http://127.0.0.1:{port}/actors/{path.stem}/"
        found["serve_start_s"] = wait_for(page, name, timeout=1800, step=0.5)
        if found["serve_start_s"] is None:
            raise SystemExit(f"briefing serve did not serve {page}; see {folder}/serve.log")
        time.sleep(2)  # let the server settle after its first build
        marker = "A summary written while the site was served."
        add_summary(path, marker)
        found["serve_text_edit_s"] = wait_for(page, marker, timeout=600)
        time.sleep(2)
        renamed = edit(path, name, " Previewed")
        found["serve_rename_s"] = wait_for(page, renamed, timeout=600)
        time.sleep(2)
        index = json.loads(fetch(f"http://127.0.0.1:{port}/search/search_index.json") or "{}")
        found["search"] = search_entries(index)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return found


LAST_N = "the largest N"

TARGETS = [
    Target(f"generator / mkdocs build at {LAST_N}", "generator_vs_mkdocs", 0.05, unit="%"),
    Target("generator N=10,000 / N=1,000", "generator_growth", 11.0),
    Target("mkdocs s/page N=10,000 / N=1,000", "mkdocs_page_growth", 1.25),
    Target("CSafeLoader s / (load + validate) s", "load_validate_vs_csafe", 0.5, at_least=True),
    Target("files written by a second render", "second_written", 0, unit="files"),
    Target(f"peak memory of briefing render at {LAST_N}", "render_peak_bytes", 1e9, unit="B"),
    Target(
        f"incremental build, 1 edit / reference at {LAST_N}",
        "incremental_edit_vs_reference",
        0.03,
        unit="%",
    ),
    Target(
        f"incremental build, rename / reference at {LAST_N}",
        "incremental_rename_vs_reference",
        0.10,
        unit="%",
    ),
    Target("edit-to-preview at N=1,000: add a summary", "serve_text_edit_s", 2.0, unit="s"),
    Target("edit-to-preview at N=1,000: rename", "serve_rename_s", 2.0, unit="s"),
    Target(
        f"a reader's first search at {LAST_N} (gzip)", "search_first_download_bytes", 2e6, unit="B"
    ),
]


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the values the targets are about, from the largest N measured."""
    by_n = {r["n"]: r for r in results}
    last = results[-1]
    values: dict[str, Any] = {
        "generator_vs_mkdocs": last["generator_vs_mkdocs"],
        "load_validate_vs_csafe": last["load_validate_vs_csafe"],
        "second_written": max(r["second_written"] for r in results),
        "render_peak_bytes": last["render_peak_bytes"],
        "edit_only_dependants": all(r["edit_ok"] for r in results),
        "incremental_edit_vs_reference": last["incremental_edit_vs_reference"],
        "incremental_rename_vs_reference": last["incremental_rename_vs_reference"],
        "incremental_equal_full": all(r["incremental_equal_full"] for r in results),
        "parallel_equal_full": all(r["parallel_equal_full"] is True for r in results),
        "cold_build_parallel_vs_reference": last["cold_build_parallel_vs_reference"],
        "search_first_download_bytes": last["search_first_download_bytes"],
    }
    if 10_000 in by_n and 1_000 in by_n:
        values["generator_growth"] = by_n[10_000]["generator_s"] / by_n[1_000]["generator_s"]
        values["mkdocs_page_growth"] = (
            by_n[10_000]["mkdocs_s_per_page"] / by_n[1_000]["mkdocs_s_per_page"]
        )
    if SERVE_SCALE in by_n:
        for key in ("serve_text_edit_s", "serve_rename_s", "serve_search_ok"):
            values[key] = by_n[SERVE_SCALE].get(key)
    return values


ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("fact files / MB", lambda r: f"{r['fact_files']} / {r['fact_bytes'] / 1e6:.1f}"),
    ("generated files (pages, data)", lambda r: f"{r['generated_files']}"),
    ("load s", lambda r: f"{r['load_s']:.2f}"),
    ("validate s", lambda r: f"{r['validate_s']:.2f}"),
    ("link s", lambda r: f"{r['link_s']:.2f}"),
    ("render s", lambda r: f"{r['render_s']:.2f}"),
    ("write s", lambda r: f"{r['write_s']:.2f}"),
    ("generator s (load to write)", lambda r: f"{r['generator_s']:.2f}"),
    ("mkdocs build s", lambda r: f"{r['mkdocs_s']:.1f}"),
    ("generator / mkdocs", lambda r: f"{100 * r['generator_vs_mkdocs']:.1f}%"),
    ("generator share of build", lambda r: f"{100 * r['generator_share']:.1f}%"),
    ("mkdocs ms per page", lambda r: f"{1000 * r['mkdocs_s_per_page']:.1f}"),
    ("CSafeLoader s", lambda r: f"{r['csafe_s']:.2f}"),
    ("CSafeLoader / (load+validate)", lambda r: f"{r['load_validate_vs_csafe']:.2f}"),
    ("2nd render: written / s", lambda r: f"{r['second_written']} / {r['second_s']:.2f}"),
    ("after 1 actor edit: written / s", lambda r: f"{r['edit_written']} / {r['edit_s']:.2f}"),
    ("  only pages showing it", lambda r: "yes" if r["edit_ok"] else "NO"),
    ("peak MB: briefing render", lambda r: f"{r['render_peak_bytes'] / 1e6:.0f}"),
    ("peak MB: mkdocs build", lambda r: f"{r['mkdocs_peak_bytes'] / 1e6:.0f}"),
    ("site MB", lambda r: f"{r['site_bytes'] / 1e6:.0f}"),
    ("site KB per page", lambda r: f"{r['site_bytes_per_page'] / 1e3:.1f}"),
    ("search index KB per page", lambda r: f"{r['search_bytes_per_page'] / 1e3:.1f}"),
    ("reference build s (render + mkdocs)", lambda r: f"{r['reference_build_s']:.1f}"),
    ("cold build s (briefing build --full --jobs 1)", lambda r: f"{r['cold_build_s']:.1f}"),
    ("cold build s, a job per core", lambda r: f"{r['cold_build_parallel_s']:.1f} ({r['cores']})"),
    ("  share of reference", lambda r: f"{100 * r['cold_build_parallel_vs_reference']:.1f}%"),
    ("incremental build s: 1 summary edited", lambda r: f"{r['incremental_edit_s']:.1f}"),
    ("  pages built again", lambda r: f"{r['incremental_pages_rebuilt']} of {r['site_pages']}"),
    ("  share of reference", lambda r: f"{100 * r['incremental_edit_vs_reference']:.1f}%"),
    ("incremental build s: 1 actor renamed", lambda r: f"{r['incremental_rename_s']:.1f}"),
    ("  share of reference", lambda r: f"{100 * r['incremental_rename_vs_reference']:.1f}%"),
    (
        "incremental sites equal full builds",
        lambda r: "yes" if r["incremental_equal_full"] else "NO",
    ),
    (
        "parallel site equals one process's",
        lambda r: "yes" if r["parallel_equal_full"] is True else "NO",
    ),
    ("first search downloads KB (gzip)", lambda r: f"{r['search_first_download_bytes'] / 1e3:.0f}"),
    ("Zensical builds it", lambda r: "yes" if r["zensical_build_ok"] else "NO"),
]


def measured(target: Target, value: float | None) -> str:
    """Return the measured cell and the result cell of a target's row."""
    if value is None:
        return "not measured | -"
    return f"{target.show(value)} | {target.gap(value)}"


def table(results: list[dict[str, Any]], values: dict[str, Any]) -> str:
    """Return the measurements and the targets as Markdown tables."""
    header = "| N | " + " | ".join(f"{r['n']:,}" for r in results) + " |"
    lines = [header, "| --- |" + " ---: |" * len(results)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    serve = next((r for r in results if "serve_rename_s" in r), None)
    if serve is not None:
        search = "yes" if serve["serve_search_ok"] else "NO"
        lines += [
            "",
            f"`briefing serve` at N = {SERVE_SCALE:,}: first page served after "
            f"{serve['serve_start_s']:.0f} s; after the edits, the served search index is "
            f"the one a full build makes: {search}.",
        ]
    largest = f"N={results[-1]['n']:,}"
    lines += ["", "| target | limit | measured | result |", "| --- | ---: | ---: | --- |"]
    for target in TARGETS:
        label = target.label.replace(LAST_N, largest)
        value = values.get(target.key)
        lines.append(f"| {label} | {target.show(target.limit)} | {measured(target, value)} |")
    only = values["edit_only_dependants"]
    lines.append(
        f"| one actor edit rewrites only its dependants | - | "
        f"{'yes' if only else 'no'} | {'pass' if only else 'MISS'} |"
    )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """Return what the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo")
    model = ""
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="stop at N = 1,000")
    options.add_argument("--seed", type=int, default=0, help="seed of the synthetic facts")
    options.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    options.add_argument("--keep", action="store_true", help="keep the temporary projects")
    options.add_argument(
        "--scales", type=lambda text: [int(n) for n in text.split(",")], default=list(SCALES)
    )
    args = options.parse_args(argv)
    scales = [n for n in args.scales if not (args.quick and n > 1_000)]
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results: list[dict[str, Any]] = []
    about = machine()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        for scale in scales:
            print(f"N = {scale:,} ...", file=sys.stderr, flush=True)
            results.append(bench_scale(scale, args.seed, work))
            # Written after each N: a run at 10,000 takes an hour or more, and one cut
            # short keeps what it measured.
            document = {"machine": about, "targets": summary(results), "results": results}
            args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results, summary(results)))
    print(f"\n{about['nproc']} cores, {about['cpu']}, Python {about['python']}, {about['date']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
