"""`briefing export` and the export functions: JSON, CSV and JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import schema_org
from briefing import citations
from briefing.export import BOM, EarlierExport, json_ld, json_ld_script, to_csv, to_json
from briefing.link import FactBase
from briefing.pipeline import gather
from briefing.synth import synthesise
from briefing.urls import place, site_path
from conftest import MINIMAL, Run

EVIL = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def base() -> FactBase:
    facts, _ = gather(MINIMAL / "facts")
    return facts


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def test_json_holds_every_record_with_its_page(base: FactBase) -> None:
    text = to_json(base)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["generator"] == "briefing"
    assert list(data["kinds"]) == list(base.by_kind)
    for kind, records in base.by_kind.items():
        exported = data["kinds"][kind]
        assert [r["id"] for r in exported] == [r.id for r in records]
        for record in exported:
            assert record["record_kind"] == kind
            assert record["page"] == site_path(place(base, record["id"]))
    assert set(data["names"]) == set(base.entries)
    assert to_json(base) == text


def test_json_keeps_versions_and_resolves_names(base: FactBase) -> None:
    data = json.loads(to_json(base))
    deal = next(d for d in data["kinds"]["deal"] if d["id"] == "skyshield-sale")
    assert deal["value"][0] == {
        "value": {"amount": "1000000000", "currency": "USD"},
        "sources": ["paper-2018"],
        "note": "about $1 billion",
    }
    assert data["names"][deal["buyer"]] == "Southland"
    assert [s["id"] for s in deal["sources_detail"]] == ["paper-2018", "wire-2019"]
    assert deal["sources_detail"][1] == {
        "id": "wire-2019",
        "citation_label": "Example Wire 2019",
        "title": "Northland offers Skyshield to Southland",
        "publisher": "Example Wire",
        "published": "2019-03-05",
    }
    actor = next(a for a in data["kinds"]["actor"] if a["id"] == "ana-ortiz")
    assert actor["kind"] == "person"


def test_deals_csv_lists_every_value_version_with_its_sources(base: FactBase) -> None:
    longbow, deal = rows(to_csv(base)["deals.csv"])
    assert (longbow["id"], longbow["status"]) == ("longbow-order", "signed")
    assert longbow["value"].startswith("40000000 to 60000000 EUR (about 43000000 to")
    assert deal["value"] == "1000000000 USD [paper-2018]; 1200000000 USD [wire-2019]"
    assert (deal["status"], deal["status_date"]) == ("offered", "2019-03-05")
    assert deal["sources"] == "paper-2018; wire-2019"


def test_events_and_quotes_csv(base: FactBase) -> None:
    tables = to_csv(base)
    assert set(tables) == {"deals.csv", "events.csv", "quotes.csv", "sources.csv"}
    events = {row["id"]: row for row in rows(tables["events.csv"])}
    assert events["talks-begin"]["date"] == "2017-10/2018-03"
    assert events["talks-begin"]["date_words"] == "late 2017 or early 2018"
    assert events["offer-made"]["actors"] == "trade-office; southland"
    quotes = {row["id"]: row for row in rows(tables["quotes.csv"])}
    assert quotes["ortiz-door-open"]["speaker_name"] == "Ana Ortiz"
    anonymous = quotes["southland-not-enough"]
    assert (anonymous["speaker"], anonymous["said"]) == ("", "")
    assert anonymous["speaker_name"].startswith("A Southland official")
    assert all("\r" not in text for text in tables.values())


def test_csv_neutralises_formulas(minimal: Path) -> None:
    (minimal / "facts" / "quotes" / "evil.yml").write_text(
        "id: evil\n"
        "text: \"=cmd|' /C calc'!A0\"\n"
        'speaker_description: "@someone"\n'
        'context: "-2+3"\n'
        "sources: [wire-2019]\n",
        encoding="utf-8",
    )
    facts, _ = gather(minimal / "facts")
    quote = next(r for r in rows(to_csv(facts)["quotes.csv"]) if r["id"] == "evil")
    assert quote["text"] == "'=cmd|' /C calc'!A0"
    assert quote["speaker_name"] == "'@someone"
    assert quote["context"] == "'-2+3"


@pytest.mark.parametrize(
    ("id", "type_"),
    [
        ("ana-ortiz", "Person"),
        ("northland", "Country"),
        ("trade-office", "GovernmentOrganization"),
        ("acme", "Corporation"),
        ("daily-courier", "NewsMediaOrganization"),
        ("skyshield", "Product"),
        ("skyshield-sale", "Offer"),
        ("offer-made", "Event"),
        ("ortiz-best-offer", "Quotation"),
        ("skyshield-dispute", "Thing"),
        ("wire-2019", "CreativeWork"),
    ],
)
def test_json_ld_type_per_kind(base: FactBase, id: str, type_: str) -> None:
    data = json_ld(base, id)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == type_
    assert data["name"]
    # schema.org has `citation` on CreativeWork only: other records' pages carry it.
    if type_ in ("Quotation", "CreativeWork"):
        assert isinstance(data["citation"], list)
    else:
        assert "citation" not in data
        assert data["mainEntityOfPage"]["@type"] == "WebPage"
        assert isinstance(data["mainEntityOfPage"]["citation"], list)
    json.dumps(data)


def test_json_ld_of_every_record_uses_schema_org_as_it_defines_itself(base: FactBase) -> None:
    found = {id: schema_org.errors(json_ld(base, id)) for id in base.entries}
    assert {id: problems for id, problems in found.items() if problems} == {}


def test_json_ld_of_a_synthetic_briefing_uses_schema_org_as_it_defines_itself(
    tmp_path: Path,
) -> None:
    for relative, text in synthesise(20, seed=2).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    facts, _ = gather(tmp_path)
    found = {id: schema_org.errors(json_ld(facts, id)) for id in facts.entries}
    assert {id: problems for id, problems in found.items() if problems} == {}


def test_the_schema_org_check_finds_what_the_vocabulary_does_not_allow() -> None:
    assert schema_org.errors(
        {
            "@type": "Person",
            "name": "A",
            "citation": "x",
            "colour": "red",
            "nationality": {"@type": "Product", "name": "B"},
            "mainEntityOfPage": {"@type": "Nation"},
        }
    ) == [
        ".citation: citation is not a property of Person (['CreativeWork'])",
        ".colour: no property colour",
        ".nationality: a Product is not in ['Country']",
        ".mainEntityOfPage: a Nation is not in ['CreativeWork', 'URL']",
        ".mainEntityOfPage: no type Nation",
    ]


def test_json_ld_details(base: FactBase) -> None:
    person = json_ld(base, "ana-ortiz")
    assert person["jobTitle"] == ["Trade Minister"]
    assert person["alternateName"] == ["Ana Órtiz"]
    assert person["affiliation"] == [{"@type": "GovernmentOrganization", "name": "Northland"}]
    assert person["description"].startswith("Northland's")
    assert person["mainEntityOfPage"]["citation"] == [
        {
            "@type": "CreativeWork",
            "headline": "Northland offers Skyshield to Southland",
            "publisher": {"@type": "Organization", "name": "Example Wire"},
            "datePublished": "2019-03-05",
        }
    ]
    deal = json_ld(base, "skyshield-sale")
    assert (deal["price"], deal["priceCurrency"]) == ("1000000000", "USD")
    assert deal["itemOffered"] == {"@type": "Product", "name": "Skyshield"}
    assert deal["seller"]["name"] == "Northland"
    assert deal["potentialAction"]["agent"]["name"] == "Southland"
    assert json_ld(base, "offer-made")["startDate"] == "2019-03-05"
    assert "startDate" not in json_ld(base, "talks-begin")
    quote = json_ld(base, "ortiz-best-offer")
    assert quote["creator"] == {"@type": "Person", "name": "Ana Ortiz"}
    assert quote["dateCreated"] == "2019-03-05"
    assert json_ld(base, "southland-not-enough")["creator"]["name"].startswith("A Southland")


def test_json_ld_script_cannot_break_out_of_the_element() -> None:
    data = {"@type": "Quotation", "text": f"{EVIL} & \u2028<!--", "name": "x\ny"}
    script = json_ld_script(data)
    opening, closing = '<script type="application/ld+json">', "</script>"
    assert script.startswith(opening)
    assert script.endswith(closing)
    inner = script[len(opening) : -len(closing)]
    for unsafe in ("<", ">", "&", "\u2028", "\n"):
        assert unsafe not in inner
    assert "\\u003c/script\\u003e" in inner
    assert json.loads(inner) == data


def test_json_ld_script_of_fact_text(minimal: Path) -> None:
    (minimal / "facts" / "quotes" / "evil.yml").write_text(
        f'id: evil\ntext: "{EVIL}"\nspeaker: ana-ortiz\nsources: [wire-2019]\n',
        encoding="utf-8",
    )
    facts, _ = gather(minimal / "facts")
    script = json_ld_script(json_ld(facts, "evil"))
    assert script.count("</script>") == 1
    assert script.count("<script") == 1


def test_cli_writes_csv(minimal: Path, run: Run) -> None:
    result = run("export", "--format", "csv", "--facts", "facts", "--out", "out", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    names = ["deals.csv", "events.csv", "quotes.csv", "sources.csv"]
    assert result.out == "".join(f"wrote out/{name}\n" for name in names)
    base, _ = gather(minimal / "facts")
    for name, text in to_csv(base).items():
        assert (minimal / "out" / name).read_bytes() == text.encode("utf-8")


def test_cli_writes_json_to_the_default_folder(minimal: Path, run: Run) -> None:
    result = run("export", "--format", "json", "--facts", "facts", cwd=minimal)
    assert (result.status, result.out) == (0, "wrote export/briefing.json\n")
    data = json.loads((minimal / "export" / "briefing.json").read_text(encoding="utf-8"))
    assert data["generator"] == "briefing"


def test_cli_fails_on_a_broken_fact_base(minimal: Path, run: Run) -> None:
    (minimal / "facts" / "actors" / "broken.yml").write_text(
        "id: broken\nname: Broken\nkind: state\nsources: [nowhere]\n", encoding="utf-8"
    )
    result = run("export", "--format", "json", "--facts", "facts", "--out", "out", cwd=minimal)
    assert result.status == 1
    assert "facts/actors/broken.yml" in result.err
    assert "Traceback" not in result.err
    assert not (minimal / "out").exists()


def test_cli_requires_a_format(minimal: Path, run: Run) -> None:
    assert run("export", "--facts", "facts", cwd=minimal).status == 2


def test_csv_files_are_marked_utf8_for_spreadsheets(minimal: Path, run: Run) -> None:
    actor = minimal / "facts" / "actors" / "ana-ortiz.yml"
    actor.write_text(actor.read_text().replace("name: Ana Ortiz", "name: Çavuşoğlu"))
    assert (
        run("export", "--format", "csv", "--out", "out", "--facts", "facts", cwd=minimal).status
        == 0
    )
    raw = (minimal / "out" / "quotes.csv").read_bytes()
    # Excel takes UTF-8 only from the mark; without it, it shows "Ã‡avuÅŸoÄŸlu".
    assert raw.startswith(b"\xef\xbb\xbfid,said,speaker,speaker_name,")
    with (minimal / "out" / "quotes.csv").open(encoding="utf-8-sig", newline="") as stream:
        names = {row["speaker_name"] for row in csv.DictReader(stream)}
    assert "Çavuşoğlu" in names


def test_an_earlier_export_lends_its_lines_only_to_records_that_show_the_same(
    base: FactBase,
) -> None:
    # Lines of the earlier export are marked, to see which are taken from it.
    earlier = to_json(base).replace('"record_kind": "', '"record_kind": "earlier ')
    earlier = re.sub(r'^(    "[^"]+": ")', r"\1earlier ", earlier, flags=re.MULTILINE)
    source = base.by_kind["source"][0]
    token = citations.token(source)
    tokens = {s.id: citations.token(s) for s in base.by_kind["source"]}
    cites = {id for id, sources in base.sources_of.items() if source.id in sources}
    shares = {s.id for s in base.by_kind["source"] if tokens[s.id] == token}
    sharers = {id for id, sources in base.sources_of.items() if shares & set(sources)}
    actor = base.by_kind["actor"][0].id
    for changed, anew in (
        (set(), set()),
        ({actor}, {actor}),
        ({source.id}, {source.id, *cites}),
        ({token}, shares | sharers),
    ):
        made = json.loads(to_json(base, earlier=EarlierExport(earlier, changed, tokens)))
        taken = {
            record["id"]
            for records in made["kinds"].values()
            for record in records
            if record["record_kind"].startswith("earlier ")
        }
        assert taken == base.entries.keys() - anew, changed
        named = {id for id, name in made["names"].items() if name.startswith("earlier ")}
        assert named == base.entries.keys() - changed, changed
    assert to_json(base, earlier=EarlierExport(to_json(base), {source.id}, tokens)) == to_json(base)
