"""The build stage: MkDocs builds the rendered pages into a folder beside site/.

The new site is swapped in only when the whole build succeeded, so a failed build
leaves the previous site as it was. With a build cache that matches (`incremental`),
MkDocs builds only the pages whose sources changed (`sitebuild`), and the other files are
taken from the previous site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing import incremental, sitebuild
from briefing.offline import ZIP, write_zip
from briefing.pipeline import Rendered, render_edition, site_config
from briefing.problems import Problem
from briefing.render import DATA_PAGE, render
from briefing.revision import Edition, edition
from briefing.write import WriteReport, write

EDITION = "BRIEFING_EDITION"
"""The environment variable that gives mkdocs.yml the edition pages are stamped with."""


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
) -> Built:
    """Render, build with MkDocs into a folder beside site/, and swap it in on success.

    With the build cache of an earlier build that still matches (`incremental`), MkDocs
    builds only the pages whose sources changed and the rest are taken from the earlier
    site; otherwise, or with `full`, it builds every page. Either way the site is the
    same, byte for byte. Builds in one docs/ folder take turns. With `offline`, the
    offline edition is built too and zipped into the Data folder. Raise BuildError if
    MkDocs fails.
    """
    site = site.absolute()
    with incremental.lock(docs, f"waiting for another build in {docs} to finish"):
        return _build_site(facts, docs, config, site, offline=offline, full=full)


def _build_site(
    facts: Path, docs: Path, config: Path, site: Path, *, offline: bool, full: bool
) -> Built:
    built_from = edition(facts)
    rendered = render_edition(facts, docs, config, offline, built_from)
    env = build_environment(built_from, os.environ)
    raw = site_config(config)
    now = incremental.fingerprint(config, raw, env)
    hashes = incremental.docs_hashes(docs)
    stamp = env.get(EDITION) or None
    cache_file = incremental.cache_path(site)
    cache: incremental.Cache | None = None
    if full:
        planned = incremental.Plan(None, "--full was asked for")
    else:
        try:
            cache = incremental.load(cache_file)
            planned = incremental.plan(cache, now, raw, docs, hashes, stamp, site)
        except incremental.CacheError as exc:
            planned = incremental.Plan(None, str(exc))
    site.parent.mkdir(parents=True, exist_ok=True)
    while True:
        building = _new_folder(site)
        try:
            outcome = _mkdocs(config, building, planned, cache, env)
            pages = _pages(outcome, planned, cache, stamp)
            if planned.pages is not None and cache is not None:
                _assemble(site, building, outcome["kept"], cache, stamp)
            break
        except incremental.CacheError as exc:
            # Only an incremental build raises it: build everything instead.
            shutil.rmtree(building, ignore_errors=True)
            planned, cache = incremental.Plan(None, str(exc)), None
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    if offline:
        zipped = building / DATA_PAGE.rsplit("/", 1)[0] / ZIP
        done = _build_offline(rendered, docs, config, zipped, env)
        if done.returncode != 0:
            shutil.rmtree(building, ignore_errors=True)
            raise BuildError(f"mkdocs build failed; {site} is unchanged:\n{done.stderr.strip()}")
    # No cache while the site is swapped: a build stopped here builds everything next time.
    cache_file.unlink(missing_ok=True)
    retired = site.with_name(f".{site.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if site.exists():
        site.rename(retired)
    building.rename(site)
    shutil.rmtree(retired, ignore_errors=True)
    stampable = outcome["edition"] == stamp
    record = incremental.Cache(now, stamp, stampable, hashes, incremental.site_stamps(site), pages)
    incremental.save(record, cache_file)
    rebuilt = None if planned.pages is None else len(outcome["built"])
    return Built(rendered.report, rendered.warnings, rebuilt, len(pages), planned.reason)


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
) -> dict[str, Any]:
    """Run MkDocs as planned into `building`; return its report.

    Raise BuildError if MkDocs fails, CacheError if the cache lacks what it needs.
    """
    kept = {}
    if planned.pages is not None and cache is not None:
        kept = {src: page for src, page in cache.pages.items() if src not in planned.pages}
    with tempfile.TemporaryDirectory(prefix="briefing-build-") as folder:
        plan_file, report_file = Path(folder) / "plan.json", Path(folder) / "report.json"
        plan = {
            "config": str(config),
            "site_dir": str(building),
            "pages": None if planned.pages is None else sorted(planned.pages),
            "search": {s: p["search"] for s, p in kept.items() if p.get("search") is not None},
            "tags": {s: p["tags"] for s, p in kept.items() if p.get("tags") is not None},
        }
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        command = [sys.executable, "-m", "briefing.sitebuild", str(plan_file), str(report_file)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if done.returncode == sitebuild.INCOMPLETE:
            raise incremental.CacheError(done.stderr.strip().splitlines()[-1])
        if done.returncode != 0:
            raise BuildError(f"mkdocs build failed; the site is unchanged:\n{done.stderr.strip()}")
        report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
        return report


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
) -> None:
    """Put the kept files of the earlier site into the new one: linked, or restamped.

    A kept file is hard-linked (copied where links cannot be made) unless the edition
    changed and the page carries it; such a page is written anew, never through a link.
    Raise CacheError if a kept file is missing or not as recorded.
    """
    stamped = {page["dest"]: page["edition_at"] for page in cache.pages.values()}
    for dest in kept:
        source, target = site / dest, building / dest
        if target.exists():
            continue
        if not source.is_file():
            raise incremental.CacheError(f"{source} is missing")
        target.parent.mkdir(parents=True, exist_ok=True)
        if stamped.get(dest) and stamp != cache.edition:
            assert stamp is not None and cache.edition is not None
            data = incremental.restamp(source.read_bytes(), stamped[dest], cache.edition, stamp)
            target.write_bytes(data)
            shutil.copymode(source, target)
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
