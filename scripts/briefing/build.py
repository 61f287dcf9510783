"""The build stage: MkDocs builds the rendered pages into a folder beside site/.

The new site is swapped in only when the whole build succeeded, so a failed build
leaves the previous site as it was. With a build cache that matches (`incremental`),
MkDocs builds only the pages whose sources changed (`sitebuild`), and the other files are
taken from the previous site.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing import incremental, rerender, sitebuild
from briefing.offline import ZIP, write_zip
from briefing.pipeline import Rendered, site_config
from briefing.problems import Problem
from briefing.render import DATA_FOLDER, render
from briefing.revision import Edition, edition
from briefing.write import WriteReport, write

EDITION = "BRIEFING_EDITION"
"""The environment variable that gives mkdocs.yml the edition pages are stamped with."""
PART_PAGES = 20
"""The fewest pages a MkDocs process of a parallel full build is given (see `_parallel`)."""
ASSEMBLERS = 4
"""Threads that put the kept files of the earlier site into the new one (see `_assemble`)."""
_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
"""The program that deletes a retired site, beside the build (see `_build_site`)."""


def build_environment(built_from: Edition | None, environ: Mapping[str, str]) -> dict[str, str]:
    """Return the environment for building a site from an edition (None: not in git).

    Pages are stamped with the edition, and the dates MkDocs writes (the sitemap's
    `lastmod`, the time in `sitemap.xml.gz`) are the commit's unless `SOURCE_DATE_EPOCH`
    is set: two builds of one revision give the same bytes.
    """
    env = {k: v for k, v in environ.items() if k != EDITION}
    if built_from is not None:
        env[EDITION] = built_from.text()
        env.setdefault("SOURCE_DATE_EPOCH", str(built_from.time))
    return env


def current_umask() -> int:
    """Return the process's file mode creation mask, such as 0o022."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _build_offline(
    rendered: Rendered, docs: Path, config: Path, target: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Build the offline edition in a process of its own and zip it into `target`.

    Its pages are those of docs/, with the pictures' links made for a site served as
    files (actors/x.html) rather than folders.
    """
    with tempfile.TemporaryDirectory(prefix="briefing-offline-") as folder:
        pages, site = Path(folder) / "docs", Path(folder) / "site"
        shutil.copytree(docs, pages)
        write(
            render(rendered.base, replace(rendered.settings, directory_urls=False, offline=False)),
            pages,
        )
        command = [sys.executable, "-m", "briefing.offline", str(config), str(site), str(pages)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if done.returncode == 0:
            write_zip(site, target, env.get("SOURCE_DATE_EPOCH"))
    return done


class BuildError(Exception):
    """MkDocs failed to build the site; the previous site is untouched."""


@dataclass(frozen=True)
class Built:
    """What a build did: the render's report and warnings, and how MkDocs built the site."""

    report: WriteReport
    warnings: list[Problem]
    rendered: int
    """Generated files rendered again (the others were as the last build left them)."""
    rebuilt: int | None
    """Pages MkDocs built again, in an incremental build; None in a full build."""
    pages: int
    """Pages in the site."""
    reason: str
    """Why the build was full ('' for an incremental one)."""


def build_site(
    facts: Path,
    docs: Path,
    config: Path,
    site: Path,
    *,
    offline: bool = False,
    full: bool = False,
    jobs: int = 1,
) -> Built:
    """Render, build with MkDocs into a folder beside site/, and swap it in on success.

    With the build cache of an earlier build that still matches (`incremental`), MkDocs
    builds only the pages whose sources changed and the rest are taken from the earlier
    site; otherwise, or with `full`, it builds every page, split among `jobs` processes
    (as the render is when it has many pages to render).
    Either way the site is the same, byte for byte. Builds in one docs/ folder take
    turns. With `offline`, the offline edition is built too and zipped into the Data
    folder. Raise BuildError if MkDocs fails.
    """
    site = site.absolute()
    refused = _not_a_site_folder(site, facts, docs, config)
    if refused:
        raise BuildError(f"{refused}: name a folder of its own for the site, such as site")
    with incremental.lock(docs, f"waiting for another build in {docs} to finish"):
        return _build_site(facts, docs, config, site, offline=offline, full=full, jobs=jobs)


def _not_a_site_folder(site: Path, facts: Path, docs: Path, config: Path) -> str | None:
    """Say why a build must not replace `site`, or return None if it may.

    A build replaces its site folder whole: it must not be, hold or sit inside the facts or
    docs/, nor hold mkdocs.yml, and a folder already there must hold a built site (MkDocs
    writes sitemap.xml into every site) or nothing.
    """
    target = site.resolve()
    named = f"--site-dir {incremental.shown(site)}"
    for what, path in (("the facts", facts), ("docs/", docs), ("mkdocs.yml", config)):
        where = path.resolve()
        if target == where or target in where.parents:
            return f"{named} would replace {what}"
        if what != "mkdocs.yml" and where in target.parents:
            return f"{named} is inside {what}"
    if target.is_dir() and not (target / "sitemap.xml").is_file() and any(target.iterdir()):
        return f"{named} holds files but no built site (no sitemap.xml): a build would delete them"
    return None


def _build_site(
    facts: Path, docs: Path, config: Path, site: Path, *, offline: bool, full: bool, jobs: int
) -> Built:
    cache_file = incremental.cache_path(site)
    # Sites built in the repository, their caches and old sites on their way out are not
    # changes to the briefing.
    built_from = edition(facts, incremental.built_folders(site))
    env = build_environment(built_from, os.environ)
    raw = site_config(config)
    now = incremental.fingerprint(config, raw, env)
    stamp = env.get(EDITION) or None
    for folder in (site, cache_file.parent):
        if folder.exists() and not folder.is_dir():
            raise BuildError(
                f"{incremental.shown(folder)} is a file, where the build keeps the "
                f"{'site' if folder == site else 'build cache'}: move or delete it, "
                "then build again"
            )
    if cache_file.is_dir():
        raise BuildError(
            f"{incremental.shown(cache_file)} is a folder, where the build keeps its cache "
            "file: move or delete it, then build again"
        )
    cache: incremental.Cache | None = None
    reason = "--full was asked for"
    if not full:
        try:
            cache = incremental.load(cache_file)
        except incremental.CacheError as exc:
            reason = str(exc)
    previous = None
    if cache is not None and cache.fingerprint == now and cache.render:
        previous = rerender.RenderState.from_json(cache.render)
    rendered, state, again = rerender.render_again(
        facts, docs, config, offline, built_from, previous, jobs
    )
    hashed = incremental.docs_hashes(docs, cache)
    hashes = hashed.digests
    if (
        previous is not None
        and cache is not None
        and any(hashes.get(path) != cache.docs.get(path) for path in state.shown.keys() - again)
    ):
        # A generated page was changed or removed since the last build: render them all.
        rendered, state, again = rerender.render_again(
            facts, docs, config, offline, built_from, None, jobs
        )
        hashed = incremental.docs_hashes(docs, cache)
        hashes = hashed.digests
    if cache is None:
        planned = incremental.Plan(None, reason)
    else:
        planned = incremental.plan(cache, now, raw, docs, hashes, stamp, site)
    site.parent.mkdir(parents=True, exist_ok=True)
    always, _ = incremental.always_built(raw, docs, hashes)
    while True:
        building = _new_folder(site)
        try:
            if planned.pages is None and jobs > 1 and always is not None:
                outcome = _parallel(config, building, jobs, hashes.keys(), always, env)
            else:
                outcome = _mkdocs(config, building, planned, cache, env, site, stamp, hashes)
            pages = _pages(outcome, planned, cache, stamp)
            break
        except incremental.CacheError as exc:
            # Only an incremental build raises it: build everything instead.
            shutil.rmtree(building, ignore_errors=True)
            planned, cache = incremental.Plan(None, str(exc)), None
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    retired = site.with_name(f".{site.name}-old")
    try:
        if offline:
            zipped = building / DATA_FOLDER / ZIP
            done = _build_offline(rendered, docs, config, zipped, env)
            if done.returncode != 0:
                raise BuildError(
                    f"mkdocs build failed; {incremental.shown(site)} is unchanged:\n"
                    f"{done.stderr.strip()}"
                )
        # No cache while the site is swapped: a build stopped here builds everything next time.
        cache_file.unlink(missing_ok=True)
        shutil.rmtree(retired, ignore_errors=True)
        if site.exists():
            site.rename(retired)
        building.rename(site)
    except BaseException:
        # A site not swapped in leaves no folder behind, and the previous one in place.
        if retired.exists() and not site.exists():
            retired.rename(site)
        shutil.rmtree(building, ignore_errors=True)
        raise
    # The retired site is deleted by another process while this one writes the cache: in a
    # thread, the deletion waited for the JSON encoder, which holds the interpreter lock.
    try:
        removal: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-I", "-c", _REMOVE, str(retired)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        removal = None
    try:
        stampable = outcome["edition"] == stamp
        record = incremental.Cache(
            now,
            stamp,
            stampable,
            hashes,
            incremental.site_stamps(site),
            pages,
            rerender.as_json(state),
            hashed.stamps,
            hashed.at,
        )
        incremental.save(record, cache_file)
    finally:
        if removal is None or removal.wait() != 0:
            shutil.rmtree(retired, ignore_errors=True)
    rebuilt = None if planned.pages is None else len(outcome["built"])
    return Built(
        rendered.report, rendered.warnings, len(again), rebuilt, len(pages), planned.reason
    )


def _new_folder(site: Path) -> Path:
    building = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    # mkdtemp makes the folder private (700); a web server running as another user
    # must read the published site, so it gets the mode any new folder gets.
    building.chmod(0o777 & ~current_umask())
    return building


def _mkdocs(
    config: Path,
    building: Path,
    planned: incremental.Plan,
    cache: incremental.Cache | None,
    env: dict[str, str],
    site: Path,
    stamp: str | None,
    sources: Collection[str],
) -> dict[str, Any]:
    """Run MkDocs as planned into `building`; return its report (see `sitebuild`).

    In an incremental build, the files kept from the earlier `site` are put in too: the
    kept pages of those in docs/ (`sources`) that need the new edition stamped while MkDocs
    builds the others (it writes none of them, and a file it did write would replace the
    copy, never write through a link), then the rest.
    Raise BuildError if MkDocs fails, CacheError if the cache lacks what it needs.
    """
    if planned.pages is None or cache is None:
        plan: dict[str, Any] = {"config": str(config), "site_dir": str(building)}
        return _run([{**plan, "pages": None, "kept": {}}], env)[0]
    kept = {src: page for src, page in cache.pages.items() if src not in planned.pages}
    plan = {"config": str(config), "site_dir": str(building)}
    plan |= {"pages": sorted(planned.pages), "kept": kept}
    dests = [page["dest"] for src, page in kept.items() if src in sources]
    restamp = lambda: _assemble(site, building, dests, cache, stamp, link=False)  # noqa: E731
    outcome = _run([plan], env, restamp)[0]
    _assemble(site, building, outcome["kept"], cache, stamp)
    return outcome


def _parallel(
    config: Path,
    building: Path,
    jobs: int,
    sources: Collection[str],
    always: set[str],
    env: dict[str, str],
) -> dict[str, Any]:
    """Build every page into `building` with up to `jobs` processes (no more than cores, each
    with `PART_PAGES` pages or more); return the report of all.

    The docs files but those `always` built (the untitled nav and hand-written pages) are dealt
    out to the processes, each building its part into a folder of its own. A last run
    builds the `always` pages, the theme's files, the sitemap, and the search index and
    tags export from what the parts recorded, and checks every link to an anchor; the
    files of the parts are linked into the site. Raise BuildError if MkDocs fails.
    """
    shared = sorted(set(sources) - always)
    # Each process starts MkDocs and loads the theme (a second or two): more processes
    # than cores, or parts of a few pages, only add that.
    count = min(jobs, os.cpu_count() or 1, max(1, len(shared) // PART_PAGES))
    parts = [shared[i::count] for i in range(count)]
    folders = [Path(tempfile.mkdtemp(prefix=".part-", dir=building.parent)) for _ in parts]
    try:
        plans = [
            {"config": str(config), "site_dir": str(f), "pages": p, "kept": {}, "shard": True}
            for f, p in zip(folders, parts, strict=True)
        ]
        reports = _run(plans, env)
        recorded = {src: page for report in reports for src, page in report["built"].items()}
        origin = {
            dest: folder
            for folder, report in zip(folders, reports, strict=True)
            for dest in report["written"]
        }
        last = {
            "config": str(config),
            "site_dir": str(building),
            "pages": sorted(always),
            "kept": recorded,
            "theme": True,
        }
        outcome = _run([last], env)[0]
        for dest in outcome["kept"]:
            if dest not in origin:
                raise BuildError(f"mkdocs build failed: no part of the build wrote {dest}")
            _link(origin[dest] / dest, building / dest)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    outcome["built"] = {**recorded, **outcome["built"]}
    return outcome


def _run(
    plans: list[dict[str, Any]],
    env: dict[str, str],
    meanwhile: Callable[[], None] = lambda: None,
) -> list[dict[str, Any]]:
    """Run MkDocs for each plan at once, a process each, doing `meanwhile` as they run;
    return their reports.

    Raise BuildError if one fails, CacheError if a plan lacks a record it needs (or
    whatever `meanwhile` raises, once the processes are stopped).
    """
    with tempfile.TemporaryDirectory(prefix="briefing-build-") as folder:
        running = []
        for number, plan in enumerate(plans):
            plan_file = Path(folder) / f"plan-{number}.json"
            report_file, errors = plan_file.with_suffix(".report"), plan_file.with_suffix(".err")
            plan_file.write_text(json.dumps(plan), encoding="utf-8")
            command = [sys.executable, "-m", "briefing.sitebuild", str(plan_file), str(report_file)]
            with errors.open("w") as stream:
                process = subprocess.Popen(command, stderr=stream, env=env)
            running.append((process, report_file, errors))
        try:
            meanwhile()
        except BaseException:
            for process, _, _ in running:
                process.kill()
                process.wait()
            raise
        statuses = [(process.wait(), report, errors) for process, report, errors in running]
        for status, _, errors in statuses:
            said = errors.read_text(encoding="utf-8").strip()
            if status == sitebuild.INCOMPLETE:
                raise incremental.CacheError(said.splitlines()[-1])
            if status != 0:
                raise BuildError(f"mkdocs build failed; the site is unchanged:\n{said}")
        return [json.loads(report.read_text(encoding="utf-8")) for _, report, _ in statuses]


def _link(source: Path, target: Path) -> None:
    """Hard-link a file into the new site (copy it where links cannot be made)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _pages(
    outcome: dict[str, Any],
    planned: incremental.Plan,
    cache: incremental.Cache | None,
    stamp: str | None,
) -> dict[str, dict[str, Any]]:
    """Return the record of every page of the new site: built now, or kept (restamped)."""
    pages: dict[str, dict[str, Any]] = dict(outcome["built"])
    if planned.pages is None or cache is None:
        return pages
    kept = set(outcome["kept"])
    shift = len((stamp or "").encode()) - len((cache.edition or "").encode())
    for src, page in cache.pages.items():
        if src in pages or page["dest"] not in kept:
            continue
        offsets = [at + i * shift for i, at in enumerate(page["edition_at"])]
        pages[src] = {**page, "edition_at": offsets}
    return pages


def _assemble(
    site: Path,
    building: Path,
    kept: list[str],
    cache: incremental.Cache,
    stamp: str | None,
    *,
    link: bool = True,
) -> None:
    """Put the kept files of the earlier site into the new one: linked, or restamped.

    A kept file is hard-linked (copied where links cannot be made) unless the edition
    changed and the page carries it; such a page is written anew, never through a link.
    Without `link`, only those pages are put in. Raise CacheError if a kept file is
    missing or not as recorded.
    """
    stamped = {page["dest"]: page["edition_at"] for page in cache.pages.values()}
    failed = threading.Event()

    def put(dests: list[str]) -> None:
        try:
            for dest in dests:
                if failed.is_set():  # another share failed: this one's work is thrown away
                    return
                source, target = site / dest, building / dest
                restamped = bool(stamped.get(dest)) and stamp != cache.edition
                if target.exists() or not (link or restamped):
                    continue
                if not source.is_file():
                    raise incremental.CacheError(f"{source} is missing")
                target.parent.mkdir(parents=True, exist_ok=True)
                if restamped:
                    assert stamp is not None and cache.edition is not None
                    old = source.read_bytes()
                    data = incremental.restamp(old, stamped[dest], cache.edition, stamp)
                    target.write_bytes(data)
                    shutil.copymode(source, target)
                else:
                    _link(source, target)
        except BaseException:
            failed.set()
            raise

    # The file system serves several threads at once: 17,000 pages are written in about
    # half the time by four (each waits on the disk, not on the interpreter).
    with concurrent.futures.ThreadPoolExecutor(ASSEMBLERS) as pool:
        shares = [pool.submit(put, kept[i::ASSEMBLERS]) for i in range(ASSEMBLERS)]
        try:
            for share in shares:
                share.result()
        finally:
            failed.set()  # stops the other shares if one failed or the build was stopped
