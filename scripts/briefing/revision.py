"""Read the fact files of a git revision, so that it can be checked like the working tree."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from briefing.dates import day_words


class RevisionError(Exception):
    """A revision that cannot be read: not a git repository, or no such commit."""


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(top), *args], input=stdin, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def repository(facts: Path) -> Path:
    """Return the top folder of the git repository that holds the facts folder."""
    near = facts.absolute()
    while not near.is_dir() and near != near.parent:  # the folder may be gone by now
        near = near.parent
    try:
        top = _git(near, "rev-parse", "--show-toplevel").decode().strip()
    except (RevisionError, OSError):
        raise RevisionError(
            f"{facts.as_posix()} is not in a git repository (run this inside a clone)"
        ) from None
    return Path(top).resolve()


@dataclass(frozen=True)
class Edition:
    """The git commit a site is built from, and whether the briefing differs from it."""

    commit: str
    """The full commit hash."""
    time: int
    """When it was committed, in seconds since 1970-01-01 UTC."""
    modified: bool
    """The repository holds changes not committed (facts, pages or configuration)."""

    def text(self) -> str:
        """Return the edition as a reader would say it: 'revision 1a2b3c4d5e6f of 3 May 2026'."""
        day = datetime.fromtimestamp(self.time, UTC)
        text = f"revision {self.commit[:12]} of {day_words(day)}"
        return f"{text}, with changes not yet committed" if self.modified else text


def edition(facts: Path, built: Sequence[Path] = ()) -> Edition | None:
    """Return the commit checked out where the facts are; None outside git or before a commit.

    Files in the `built` folders (a site being built and its cache) are not changes to it.
    """
    try:
        top = repository(facts)
        commit, time = _git(top, "log", "-1", "--format=%H %ct").decode().split()
        root = top.resolve()
        outside = [
            f":(exclude,literal){folder.resolve().relative_to(root).as_posix()}"
            for folder in built
            if folder.resolve().is_relative_to(root)
        ]
        # Not only the facts: an edited intro or mkdocs.yml changes the site too.
        changes = _git(top, "status", "--porcelain", "--", ".", *outside)
    except RevisionError:
        return None
    return Edition(commit, int(time), bool(changes.strip()))


def commit_of(top: Path, revision: str) -> str:
    """Return the commit a revision names, or raise RevisionError saying what to pass."""
    try:
        named = f"{revision}^{{commit}}"
        return _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", named).decode()
    except RevisionError:
        raise RevisionError(
            f"'{revision}' is not a commit in {top.as_posix()} (name a commit, branch or "
            "tag, e.g. HEAD~1 or origin/main; a shallow clone may need `git fetch "
            "--unshallow`)"
        ) from None


def facts_at(revision: str, facts: Path, into: Path) -> str:
    """Write the facts folder as it was at a revision into `into`; return its git path.

    A revision where the folder did not exist gives an empty folder: every record is new.
    """
    top = repository(facts)
    commit = commit_of(top, revision).strip()
    try:
        prefix = facts.absolute().resolve().relative_to(top).as_posix()
    except ValueError:
        raise RevisionError(f"{facts.as_posix()} is outside the repository {top}") from None
    listing = _git(
        top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix
    )
    blobs: list[tuple[str, str, PurePosixPath]] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = PurePosixPath(os.fsdecode(name))
        if prefix != ".":
            if not path.is_relative_to(prefix):
                continue
            path = path.relative_to(prefix)
        if kind == "blob" and ".." not in path.parts:
            blobs.append((mode, oid, path))
    contents = _contents(top, [oid for _, oid, _ in blobs])
    into.mkdir(parents=True, exist_ok=True)
    for mode, oid, inside in blobs:
        target = into.joinpath(*inside.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: kept as one, so the loader refuses it
            with contextlib.suppress(OSError):  # a system that cannot make one skips it
                target.symlink_to(os.fsdecode(contents[oid]))
        else:
            target.write_bytes(contents[oid])
    return prefix


def _contents(top: Path, oids: list[str]) -> dict[str, bytes]:
    """Return the bytes of several blobs, read in one `git cat-file --batch`."""
    if not oids:
        return {}
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    found: dict[str, bytes] = {}
    at = 0
    for oid in oids:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        found[oid] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return found
