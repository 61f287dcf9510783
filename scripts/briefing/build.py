"""The build stage: MkDocs builds the rendered pages into a folder beside site/.

The new site is swapped in only when the whole build succeeded, so a failed build
leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from briefing.offline import ZIP, write_zip
from briefing.pipeline import Rendered, render_edition
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


def build_site(
    facts: Path, docs: Path, config: Path, site: Path, *, offline: bool = False
) -> tuple[WriteReport, list[Problem]]:
    """Render, build with MkDocs into a folder beside site/, and swap it in on success.

    With `offline`, the offline edition is built too and zipped into the Data folder.
    """
    built_from = edition(facts)
    rendered = render_edition(facts, docs, config, offline, built_from)
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    # mkdtemp makes the folder private (700); a web server running as another user
    # must read the published site, so it gets the mode any new folder gets.
    building.chmod(0o777 & ~current_umask())
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        # Not --quiet: it silences the warnings that --strict turns into failures.
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(building),
    ]
    env = build_environment(built_from, os.environ)
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode == 0 and offline:
        zipped = building / DATA_PAGE.rsplit("/", 1)[0] / ZIP
        done = _build_offline(rendered, docs, config, zipped, env)
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise BuildError(f"mkdocs build failed; {site} is unchanged:\n{done.stderr.strip()}")
    retired = site.with_name(f".{site.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if site.exists():
        site.rename(retired)
    building.rename(site)
    shutil.rmtree(retired, ignore_errors=True)
    return rendered.report, rendered.warnings
