"""The build cache: what lets `briefing build` rebuild only the pages whose sources changed.

The cache is a JSON file in a folder beside the site (`.site-cache/build.json` for site/,
a folder the `.site-*` line of a briefing's .gitignore keeps out of git). It holds

- a fingerprint of everything besides the pages that shapes the site: Python, the
  platform, the versions of briefing, MkDocs, the theme, the Markdown extensions and every
  installed MkDocs plugin, mkdocs.yml, the environment variables it reads (`!ENV`) and the
  theme's custom folder;
- what the render needs to render again only the pages the facts changed
  (`rerender.RenderState`);
- a content hash of every file under docs/ (hashes, not modification times: a checkout or
  a restored CI cache gives every file a new time), with each file's stamp, so that a
  file not changed since is not read again;
- the size and time of every file of the site it describes, so a site changed by hand
  since is noticed;
- what each page needs when it is kept from the earlier site: where the edition is stamped
  in it, and its entries in the search index.

Its first line is a header with the format and the SHA-256 of the rest: a truncated or
edited file is refused before it is parsed. Anything that does not match means a full
build, with the reason in one line. Builds and the live preview of one docs/ folder take
turns (`lock`, a lock on the folder itself, which adds no file to the repository).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.collector import parse_json
from briefing.stamps import Stamped, digest_of, stamp_of
from briefing.write import MANIFEST, read_manifest

FORMAT = 2
"""The cache file's format; a cache of another format is not read."""
_PACKAGES = ("briefing", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
# Page sources MkDocs reads as Markdown (mkdocs.utils.markdown_extensions).
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Plugins whose output for a page depends on that page alone (Material's search index,
# when it indexes pages, and the tags export are assembled from every page's recorded
# entries, see sitebuild.BuildPlugin; briefing-search only stops Material's indexing).
_PAGE_LOCAL_PLUGINS = {"search", "material/search", "tags", "material/tags", "briefing-search"}
_ENV = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")


class CacheError(Exception):
    """The cache cannot be used; the message says why, in a few words."""


def shown(path: Path) -> str:
    """Return a path as a message gives it: relative to the working folder when inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cache_path(site: Path) -> Path:
    """Return where the build cache of a site folder is kept: in a hidden folder beside it."""
    return site.with_name(f".{site.name}-cache") / "build.json"


def built_folders(site: Path) -> list[Path]:
    """Return what builds keep beside `site`: each site there with a build cache (`site`
    itself included), its cache and its retired copy (`.site-old`, while it is deleted)."""
    caches = site.parent.glob(".*-cache/build.json")
    names = {site.name} | {cache.parent.name[1:].removesuffix("-cache") for cache in caches}
    return [
        site.with_name(folder)
        for name in sorted(names)
        for folder in (name, f".{name}-cache", f".{name}-old")
    ]


@contextlib.contextmanager
def lock(docs: Path, waiting: str = "") -> Iterator[None]:
    """Hold the docs folder's lock: builds and the live preview write docs/ in turns.

    When another process holds it, print `waiting` (if any) on standard error and wait.
    """
    docs.mkdir(parents=True, exist_ok=True)
    handle = os.open(docs, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                print(waiting, file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # which releases the lock


def _versions() -> dict[str, str]:
    names = set(_PACKAGES)
    for group in ("mkdocs.plugins", "mkdocs.themes", "markdown.extensions"):
        for point in importlib.metadata.entry_points(group=group):
            if point.dist is not None:
                names.add(point.dist.name)
    found = {}
    for name in sorted(names):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def _tree_digest(folder: Path) -> str:
    if not folder.is_dir():
        return "absent"
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(digest_of(path.read_bytes()).encode())
    return digest.hexdigest()


def fingerprint(config: Path, raw: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, str]:
    """Return what, besides the pages, shapes the site: {what: version or hash}."""
    text = config.read_bytes() if config.is_file() else b""
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    names = sorted(
        {n.strip() for m in _ENV.finditer(text.decode("utf-8", "replace")) for n in m[1].split(",")}
        - {"BRIEFING_EDITION"}
    )
    return {
        "python": sys.version,
        "platform": platform.platform(),
        **{f"package {name}": version for name, version in _versions().items()},
        # Its code and templates, which change without a new version in a development copy.
        "briefing code": _tree_digest(Path(__file__).parent),
        "mkdocs.yml": digest_of(text),
        **{f"environment {name}": environ.get(name, "(unset)") for name in names},
        "theme custom_dir": _tree_digest(config.parent / custom) if isinstance(custom, str) else "",
    }


def docs_hashes(docs: Path, earlier: Cache | None = None) -> Stamped:
    """Return the content hash (`digests`) and stamp of every file MkDocs may read under docs/.

    A file whose stamp vouches it unchanged since an earlier build hashed it keeps the
    hash recorded then (`stamps.Stamped.digest`); any other file is read.
    """
    hashed = Stamped(at=time.time_ns())
    known = (
        Stamped(earlier.docs, earlier.docs_stamps, earlier.docs_hashed_at)
        if earlier is not None
        else Stamped()
    )
    for folder, subfolders, names in os.walk(docs):
        subfolders.sort()
        base = Path(folder)
        for name in names:
            if name == MANIFEST:
                continue
            path = base / name
            key = path.relative_to(docs).as_posix()
            stamp = hashed.stamps[key] = stamp_of(path)
            digest = known.digest(key, stamp)
            hashed.digests[key] = digest or digest_of(path.read_bytes())
    return hashed


def site_stamps(site: Path) -> dict[str, list[int]]:
    """Return {path under site/: [size, whole seconds of its modification time]}."""
    stamps: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    status = entry.stat()
                    stamps[prefix + entry.name] = [status.st_size, int(status.st_mtime)]

    walk(str(site), "")
    return stamps


@dataclass
class Cache:
    """What the last build recorded (see the module's docstring)."""

    fingerprint: dict[str, str]
    edition: str | None
    stampable: bool
    docs: dict[str, str]
    site: dict[str, list[int]]
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Page source -> what `sitebuild` recorded of it: site path, where the edition is
    stamped, search entries, tags, anchors and links to anchors."""
    render: dict[str, Any] = field(default_factory=dict)
    """What the render needs to render again only what changed (`rerender.RenderState`)."""
    docs_stamps: dict[str, list[int]] = field(default_factory=dict)
    """The stamp of each file under docs/ when hashed (see `docs_hashes`)."""
    docs_hashed_at: int = 0
    """When the hashing of docs/ began, in nanoseconds since the epoch."""


def load(path: Path) -> Cache:
    """Read a cache file; raise CacheError saying why it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CacheError("no build cache yet") from None
    except OSError as exc:
        raise CacheError(f"the build cache cannot be read ({exc.strerror})") from None
    if not data:
        raise CacheError("the build cache is damaged (it is empty)")
    header, _, body = data.partition(b"\n")
    try:
        meta = json.loads(header)
    except ValueError:
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CacheError("the build cache is of another format")
    if meta.get("sha256") != hashlib.sha256(body).hexdigest():
        raise CacheError("the build cache is damaged (its checksum does not match)")
    fields = parse_json(body)
    try:
        return Cache(**fields)
    except TypeError:
        raise CacheError("the build cache is of another format") from None


def save(cache: Cache, path: Path) -> None:
    """Write a cache file atomically (a temporary file renamed over it)."""
    body = json.dumps(cache.__dict__, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"format": FORMAT, "sha256": hashlib.sha256(body).hexdigest()})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(header.encode() + b"\n" + body)
    os.replace(temporary, path)


def untitled_nav_pages(raw: Mapping[str, Any]) -> set[str] | None:
    """Return the page sources mkdocs.yml's nav names without a title; None without a nav.

    The nav shows such a page by the title MkDocs reads from the page itself (`- page.md`),
    and another by the title the nav gives it (`- Actors: actors/index.md`). (Material
    also shows a nav page's icon, subtitle and status from its front matter: generated
    pages have none, and hand-written pages are always built.)
    """
    nav = raw.get("nav")
    if not isinstance(nav, list):
        return None
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, list):
            for value in item:
                walk(value)
        elif isinstance(item, dict):
            for value in item.values():
                if not isinstance(value, str):  # a titled page needs no reading
                    walk(value)

    walk(nav)
    return found


@dataclass
class Plan:
    """Which pages to build, or why everything is built."""

    pages: set[str] | None
    reason: str = ""


def always_built(
    raw: Mapping[str, Any], docs: Path, hashes: Mapping[str, str]
) -> tuple[set[str] | None, str]:
    """Return the pages any partial build must build, or None and why it cannot be partial.

    Every page shows the nav, so the pages it names without a title are always built (it
    shows them by the title read from the page); hand-written pages too, since the build
    checks their links. A build of part of the pages gives what a full
    build gives only with a nav, with plugins whose output for a page depends on that page
    alone (search and tags), and without a tags listing, which shows every page's tags.
    """
    plugins = raw.get("plugins", ["search"])
    names = plugins if isinstance(plugins, list) else list(plugins or {})
    for entry in names:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name not in _PAGE_LOCAL_PLUGINS:
            return None, f"plugin {name} may need every page"
    navigated = untitled_nav_pages(raw)
    if navigated is None:
        return None, "mkdocs.yml has no nav, so every page lists every other"
    generated = read_manifest(docs)
    hand_written = {p for p in hashes if p.endswith(_MARKDOWN) and p not in generated}
    for page in sorted(hand_written):
        if b"material/tags" in (docs / page).read_bytes():
            return None, f"{page} lists tags of every page"
    return hand_written | (navigated & hashes.keys()), ""


def plan(
    cache: Cache,
    now: Mapping[str, str],
    raw: Mapping[str, Any],
    docs: Path,
    hashes: Mapping[str, str],
    edition: str | None,
    site: Path,
) -> Plan:
    """Return the pages to rebuild given the cache, or a plan to build all, saying why."""
    if cache.fingerprint != now:
        what = sorted(
            k
            for k in now.keys() | cache.fingerprint.keys()
            if now.get(k) != cache.fingerprint.get(k)
        )[0]
        return Plan(None, f"{what} differs from the last build")
    if edition != cache.edition and edition is None:
        return Plan(None, "the facts are not in a git commit now, so no page shows an edition")
    if edition != cache.edition and (cache.edition is None or not cache.stampable):
        return Plan(
            None,
            "the last build's pages hold no edition stamp to replace with this one's (it was "
            "not of a git commit, or mkdocs.yml gave none)",
        )
    always, why = always_built(raw, docs, hashes)
    if always is None:
        return Plan(None, why)
    if not site.is_dir():
        return Plan(None, f"{shown(site)} is missing")
    if site_stamps(site) != cache.site:
        return Plan(None, f"{shown(site)} changed since the last build")
    changed = {p for p, h in hashes.items() if cache.docs.get(p) != h}
    kept_pages = {p for p in cache.docs.keys() & hashes.keys() if p.endswith(_MARKDOWN)}
    lacking = sorted(kept_pages - cache.pages.keys() - always - changed)
    if lacking:
        return Plan(None, f"the build cache holds no record of {lacking[0]}")
    return Plan(changed | always)


def restamp(data: bytes, offsets: list[int], old: str, new: str) -> bytes:
    """Return a page's bytes with the edition at each offset changed; raise CacheError."""
    before, after = old.encode("utf-8"), new.encode("utf-8")
    parts, start = [], 0
    for at in offsets:
        if data[at : at + len(before)] != before:
            raise CacheError("a kept page does not carry the edition where it was stamped")
        parts.append(data[start:at])
        start = at + len(before)
    parts.append(data[start:])
    return after.join(parts)
