"""The offline edition: the site built to be read from a folder, and zipped for the Data page.

Material's `offline` plugin does the work: pages link to `page.html` instead of folder
URLs (which open a directory listing from file://), and the search index is also written
as a script, which a page opened from file:// may load. The search runs in a Web Worker,
which Chromium and Firefox refuse to start from file://; the plugin would add the
`iframe-worker` shim from unpkg.com, and a briefing loads nothing from third parties, so
the shim ships with the package and is copied into the edition.

`python -m briefing.offline CONFIG SITE_DIR DOCS_DIR` builds the edition of the pages in
DOCS_DIR with the settings of CONFIG (`briefing build --offline` runs it in a process of
its own, as it runs MkDocs).
"""

from __future__ import annotations

import logging
import shutil
import sys
import zipfile
from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

ZIP = "briefing-offline.zip"
"""The offline edition's file, in the Data folder of the site."""
FOLDER = "briefing-offline"
"""The folder that unpacking the zip makes."""
SHIM = "assets/javascripts/iframe-worker.js"
"""Where the Web Worker shim goes in the edition."""
ZIP_EPOCH = 315532800
"""1980-01-01 UTC, the earliest time a zip file can record."""


def offline_overrides(raw: dict[str, Any]) -> dict[str, Any]:
    """Return the settings that, read over mkdocs.yml's (as `raw`), give the offline edition."""
    plugins = raw.get("plugins", ["search"])
    plugins = {**plugins, "offline": {}} if isinstance(plugins, dict) else [*plugins, "offline"]
    extra = dict(raw.get("extra") or {})
    extra["polyfills"] = [*extra.get("polyfills", []), SHIM]
    # No feed: a reader follows the site, and from file:// Material's fetch of the
    # sitemap beside the feed's link is refused, which browsers log as an error.
    extra["briefing_offline"] = True
    return {"plugins": plugins, "extra": extra}


def build_offline(config: Path, site: Path, docs: Path) -> None:
    """Build the offline edition of the pages in `docs` with mkdocs.yml `config` into `site`.

    Builds in strict mode, as `briefing build` does; raises mkdocs.exceptions.Abort on
    any warning, as `mkdocs build --strict` does.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    with config.open("rb") as file:
        raw = yaml_load(file)
    overrides = offline_overrides(raw)
    settings = load_config(
        str(config), site_dir=str(site), docs_dir=str(docs), strict=True, **overrides
    )
    build(settings)
    shim = site / SHIM
    with as_file(files("briefing") / "assets" / "iframe-worker.js") as packaged:
        shutil.copyfile(packaged, shim)


def write_zip(site: Path, target: Path, source_date_epoch: str | None) -> None:
    """Zip a built site into `target`, under one folder, the same bytes for the same site.

    Entries are in name order, readable by all, and dated `source_date_epoch` (seconds,
    as the SOURCE_DATE_EPOCH variable gives them) or else 1980-01-01, the earliest a zip
    file records.
    """
    when = max(int(source_date_epoch or ZIP_EPOCH), ZIP_EPOCH)
    stamp = datetime.fromtimestamp(when, UTC).timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if not path.is_file():
                continue
            entry = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site).as_posix()}", stamp)
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes(), compresslevel=9)


def main(argv: list[str]) -> int:
    """Build the offline edition: `CONFIG SITE_DIR DOCS_DIR`; return the exit status."""
    from mkdocs.exceptions import Abort

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    try:
        build_offline(Path(argv[0]), Path(argv[1]), Path(argv[2]))
    except Abort as exc:
        print(f"offline edition: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
