"""A source with several addresses: the publisher's, syndicated copies, archive snapshots."""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefing.pipeline import gather
from briefing.render import Settings, render

ADDRESSES = """\
url: https://wire.example.org/skyshield
copies:
  - https://courier.example.org/2019/03/skyshield
  - https://herald.example.org/world/skyshield
archived_at: [https://web.archive.org/web/20190305/https://wire.example.org/skyshield]
"""


def test_every_address_of_a_source_is_listed_and_cited(minimal: Path) -> None:
    source = minimal / "facts" / "sources" / "wire-2019.yml"
    source.write_text(source.read_text(encoding="utf-8") + ADDRESSES, encoding="utf-8")
    base, problems = gather(minimal / "facts")
    assert not problems
    pages = render(base, Settings(intro="# x\n"))
    page = pages["sources/2019.md"]
    assert (
        "- Also published at: <https://courier.example.org/2019/03/skyshield>, "
        "<https://herald.example.org/world/skyshield>\n"
        "- Archived at: <https://web.archive.org/web/20190305/https://wire.example.org/skyshield>\n"
    ) in page
    (script,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', pages["deals/skyshield-sale.md"]
    )
    (work,) = [
        c
        for c in json.loads(script)["mainEntityOfPage"]["citation"]
        if c.get("url", "").startswith("https://wire")
    ]
    assert work["sameAs"] == [
        "https://courier.example.org/2019/03/skyshield",
        "https://herald.example.org/world/skyshield",
    ]
    assert work["archivedAt"] == [
        "https://web.archive.org/web/20190305/https://wire.example.org/skyshield"
    ]
