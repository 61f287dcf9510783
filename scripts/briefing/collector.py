"""Keeping Python's cycle collector off large, long-lived data: the fact base, the build cache.

A build reads tens of thousands of records, or a build cache of hundreds of megabytes, into
objects that live to its end and form no garbage cycles. Each of the collector's passes
walks them all again: at N = 10,000 actors, reading took nearly twice as long, and a full
collection during the render cost 3.5 s.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Hold off Python's cycle collector, restoring it after.

    For a stage that makes a large web of long-lived objects and no garbage cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def out_of_collection() -> Iterator[None]:
    """Keep what exists now out of the cycle collector's reach, handing it back after.

    For a stage that works from a large fact base, read before and kept to its end. New
    objects are collected as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def parse_json(text: str | bytes) -> Any:
    """Return the value of a JSON document, parsed with the cycle collector held off.

    Raise ValueError (json.JSONDecodeError) if it is not JSON. A 279 MB build cache took
    8.5 s to parse with the collector on, 4.7 s with it off.
    """
    with no_cycle_collection():
        return json.loads(text)
