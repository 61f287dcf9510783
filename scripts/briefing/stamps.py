"""What tells a build that a file changed since the last: its digest, and its stamp.

A file's digest names its bytes (BLAKE2b, 16 bytes, in hex). Its stamp is what the file
system says of it without reading it: [modification time ns, change time ns, size, inode,
device].
As in git's index, a file whose stamp is the one recorded when it was last read, and
which last changed well before that reading, is taken to hold what it held then: a build
need not read ten thousand files to learn that one changed. The change time is the
system's own (no tool sets it back), and a checkout or a restored cache gives every file a
new one, so a file rewritten since is read again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

RACY_NS = 2_000_000_000
"""How long before a reading a file must have last changed for its stamp to vouch for it:
a file changed in the same instant as it was read, and again after, may keep its stamp."""


def digest_of(data: bytes) -> str:
    """Return the digest the build cache names a file's bytes by: BLAKE2b, 16 bytes, in hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp_of(path: str | os.PathLike[str]) -> list[int]:
    """Return a file's stamp: [modification time ns, change time ns, size, inode, device].

    Raise OSError if it cannot be looked at.
    """
    status = os.stat(path)
    return [status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev]


@dataclass
class Stamped:
    """The digest and stamp of each file of a folder, as read by a build."""

    digests: dict[str, str] = field(default_factory=dict)
    """Path -> digest of the file's bytes."""
    stamps: dict[str, list[int]] = field(default_factory=dict)
    """Path -> the file's stamp when it was read (see `stamp_of`)."""
    at: int = 0
    """When the reading began, in nanoseconds since the epoch."""

    def digest(self, path: str, stamp: list[int]) -> str | None:
        """Return the digest a file had when read, if its stamp now vouches it is unchanged."""
        # The later of the two times: the change time is the creation time on some systems.
        if self.stamps.get(path) != stamp or max(stamp[:2]) >= self.at - RACY_NS:
            return None
        return self.digests.get(path)
