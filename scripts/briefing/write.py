"""Write stage: put rendered pages under docs/, touching only what the generator owns.

A manifest lists every file the generator wrote. A page is written only when its bytes
changed, through a temporary file and an atomic rename, so an interrupted run leaves
each page whole, old or new. Files the manifest lists but the new render does not
are removed; a file the generator did not write is never overwritten or removed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".briefing-manifest.json"
# What _atomic_write names its temporary files: a run killed mid-write leaves one.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


class WriteConflict(Exception):
    """Pages would overwrite files the generator did not write."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        listed = ", ".join(p.as_posix() for p in paths[:5])
        more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
        super().__init__(
            f"not overwriting {listed}{more}: the generator did not write "
            f"{'it' if len(paths) == 1 else 'them'} (move or delete, then render again)"
        )


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def read_manifest(docs: Path) -> set[str]:
    """Return the docs-relative paths the generator wrote last time."""
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {p for p in data.get("files", []) if isinstance(p, str)}


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_leftovers(docs: Path, relatives: set[str]) -> None:
    """Remove temporary files that a killed run left beside the pages it was writing."""
    for folder in {relative.rpartition("/")[0] for relative in relatives}:
        for entry in (docs / folder).glob(".*.tmp"):
            match = _LEFTOVER.fullmatch(entry.name)
            owner = f"{folder}/{match.group('name')}".lstrip("/") if match else None
            if owner in relatives and entry.is_file():
                entry.unlink()


def _inside(docs: Path, relative: str) -> Path:
    path = (docs / relative).resolve()
    if not path.is_relative_to(docs.resolve()):
        raise ValueError(f"refusing to write outside {docs}: {relative}")
    return docs / relative


def write(pages: Mapping[str, str | bytes], docs: Path, kept: Collection[str] = ()) -> WriteReport:
    """Write pages under docs/, remove stale generated ones, and update the manifest.

    Pages are read from the mapping one at a time, so that it may render each when asked.
    `kept` names generated files known to be as last written: they stay, unread.
    """
    owned = read_manifest(docs)
    targets = {relative: _inside(docs, relative) for relative in pages}
    conflicts = [
        path
        for relative, path in sorted(targets.items())
        if relative not in owned and (path.exists() or path.is_symlink())
    ]
    if conflicts:
        raise WriteConflict(conflicts)
    report = WriteReport()
    for relative in sorted(pages):
        content = pages[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = targets[relative]
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            report.unchanged += 1
            continue
        _atomic_write(path, data)
        report.written.append(relative)
    given, kept = set(pages), set(kept)
    report.unchanged += len(kept - given)
    for relative in sorted(owned - given - kept):
        path = _inside(docs, relative)
        if path.is_file() and not path.is_symlink():
            path.unlink()
            report.removed.append(relative)
    if not kept:
        # A full write tidies up after a killed run; a live update, which writes a few
        # pages after one, need not scan every folder again.
        _remove_leftovers(docs, {*owned, *pages, MANIFEST})
    manifest = json.dumps({"files": sorted({*pages, *kept})}, indent=1) + "\n"
    _atomic_write(docs / MANIFEST, manifest.encode("utf-8"))
    return report
