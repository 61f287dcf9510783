"""`briefing synth`: a valid, deterministic fact base of any size, shaped like a real one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from briefing.build import build_site
from briefing.link import FactBase
from briefing.models import Actor, Deal, Dispute, Quote, Source, Version
from briefing.pipeline import gather
from briefing.synth import synthesise
from conftest import Run, site_project

SCALE = 40


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "facts"
    for relative, text in synthesise(SCALE, seed=7).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def base(facts: Path) -> FactBase:
    found, warnings = gather(facts, strict=True)
    assert warnings == []
    return found


def test_cli_writes_a_fact_base_that_passes_the_strict_check(tmp_path: Path, run: Run) -> None:
    made = run("synth", "--scale", "20", "--out", "facts", "--seed", "3", cwd=tmp_path)
    assert (made.status, made.err) == (0, "")
    assert made.out == "wrote 45 fact files under facts/\n"
    checked = run("check", "--strict", "--facts", "facts", cwd=tmp_path)
    assert (checked.status, checked.err) == (0, "")
    assert checked.out == "facts: 177 records, no errors\n"
    # Laid out as `briefing fmt` lays facts out: a briefing begun from it passes its checks.
    laid_out = run("fmt", "--check", "--facts", "facts", cwd=tmp_path)
    assert (laid_out.status, laid_out.out) == (
        0,
        "0 files would be reformatted, 45 already formatted\n",
    )


def test_cli_refuses_a_tiny_scale_and_a_folder_in_use(tmp_path: Path, run: Run) -> None:
    tiny = run("synth", "--scale", "5", "--out", "facts", cwd=tmp_path)
    assert tiny.status == 2
    assert tiny.err == (
        "briefing synth: --scale 5 is too small (use at least 20, so that every kind has a "
        "few records)\n"
    )
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "mine.yml").write_text("id: mine\n")
    used = run("synth", "--scale", "20", "--out", "facts", cwd=tmp_path)
    assert used.status == 2
    assert used.err == "briefing synth: facts is not empty (choose a new folder)\n"
    assert (tmp_path / "facts" / "mine.yml").read_text() == "id: mine\n"


def test_same_seed_same_files_other_seed_other_files() -> None:
    assert synthesise(SCALE, seed=1) == synthesise(SCALE, seed=1)
    assert synthesise(SCALE, seed=1) != synthesise(SCALE, seed=2)


def test_kinds_come_in_the_proportions_of_a_real_briefing(base: FactBase) -> None:
    counts = {kind: len(records) for kind, records in base.by_kind.items()}
    assert counts == {
        "source": SCALE // 5,
        "actor": SCALE,
        "system": SCALE // 10,
        "deal": SCALE // 2,
        "event": 2 * SCALE,
        "quote": 5 * SCALE,
        "dispute": SCALE // 20,
    }
    actor_kinds = {actor.kind.value for actor in base.by_kind["actor"] if isinstance(actor, Actor)}
    assert {"state", "company", "person", "media", "government-body"} <= actor_kinds


def test_some_kinds_have_a_file_each_and_others_share_list_files(facts: Path) -> None:
    per_folder = Counter(path.parent.name for path in facts.rglob("*.yml"))
    assert per_folder["actors"] == SCALE
    assert per_folder["deals"] == SCALE // 2
    assert per_folder["events"] == per_folder["quotes"] == per_folder["sources"] == SCALE // 5
    quotes = next((facts / "quotes").iterdir()).read_text(encoding="utf-8")
    assert quotes.startswith("# yaml-language-server: $schema=../schema/quote.schema.json\n")
    assert quotes.count("\n- id: ") > 1


def _versions(base: FactBase) -> list[list[Version[object]]]:
    found: list[list[Version[object]]] = []
    for deal in base.by_kind["deal"]:
        assert isinstance(deal, Deal)
        found += [deal.value] if deal.value else []
        found += [change.date for change in deal.status if change.date]
    return found


def test_every_feature_of_the_model_is_used(base: FactBase) -> None:
    actors = [a for a in base.by_kind["actor"] if isinstance(a, Actor)]
    deals = [d for d in base.by_kind["deal"] if isinstance(d, Deal)]
    quotes = [q for q in base.by_kind["quote"] if isinstance(q, Quote)]
    sources = [s for s in base.by_kind["source"] if isinstance(s, Source)]
    disputes = [d for d in base.by_kind["dispute"] if isinstance(d, Dispute)]
    differing = [v for v in _versions(base) if len({str(x.value) for x in v}) > 1]
    assert differing and all(len({tuple(x.sources or ()) for x in v}) > 1 for v in differing)
    assert any(change.expected for deal in deals for change in deal.status)
    roles = [role for actor in actors for role in actor.roles]
    assert any(r.start and r.end for r in roles) and any(r.as_of for r in roles)
    assert any(
        alias != alias.encode("ascii", "ignore").decode() for a in actors for alias in a.aliases
    )
    dates = {str(v.value) for q in quotes for v in q.said or []}
    assert any(len(d) == 4 for d in dates) and any(len(d) == 7 for d in dates)
    assert any(len(d) == 10 for d in dates)
    assert any("~" in d for d in dates) and any("/" in d for d in dates)
    statements = [s for a in actors for s in a.statements]
    assert any(s.by for s in statements) and any(s.sources for s in statements)
    assert any(p.quotes and p.arguments for d in disputes for p in d.positions)
    assert any(d.proposals and d.stakes and d.status and d.open_questions for d in disputes)
    assert any(q.speaker_description for q in quotes) and any(q.via for q in quotes)
    assert any(s.relies_on for s in sources) and any(s.dating for s in sources)
    assert any(s.archive for s in sources)


def test_a_synthetic_briefing_renders_and_builds_with_mkdocs(facts: Path, tmp_path: Path) -> None:
    site_project(tmp_path)
    built = build_site(facts, tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "site")
    assert len(built.report.written) > SCALE
    actor = next((facts / "actors").iterdir()).stem
    page = (tmp_path / "site" / "actors" / actor / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page
    assert (tmp_path / "site" / "search" / "search_index.json").stat().st_size > 10_000
