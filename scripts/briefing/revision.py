"""Read the fact files of a git revision, so that it can be checked like the working tree."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path, PurePosixPath


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
