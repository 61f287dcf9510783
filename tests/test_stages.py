"""Deal stages: the steps of a real procurement, who took each, and suggestions for slips."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.models import STAGE_MEANINGS, DealStatus
from briefing.pipeline import gather
from briefing.render import Settings, render
from briefing.validate import typo_of
from conftest import Run

STAGES = [stage.value for stage in DealStatus]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("cancelld", "cancelled"),
        ("canceled", "cancelled"),
        ("aproved", "approved"),
        ("In Production", "in-production"),
        ("provisionaly_signed", "provisionally-signed"),
        ("renegociated", "renegotiated"),
    ],
)
def test_a_slip_of_the_keyboard_gets_the_stage_meant(typed: str, meant: str) -> None:
    assert typo_of(typed, STAGES) == meant


@pytest.mark.parametrize("typed", ["accepted", "ordered", "refused", "signing-ceremony"])
def test_another_word_gets_no_suggestion(typed: str) -> None:
    assert typo_of(typed, STAGES) is None


def test_a_misspelt_field_name_gets_the_field_meant() -> None:
    assert typo_of("partys", ["parties", "positions"]) == "parties"


def test_selected_is_never_taken_for_its_opposite() -> None:
    assert typo_of("selected", ["rejected", "signed"]) is None
    assert typo_of("selected", STAGES) == "selected"


def test_every_stage_has_a_meaning_in_the_dictionary() -> None:
    assert list(STAGE_MEANINGS) == list(DealStatus)


def test_a_deal_may_offer_a_system_whose_type_the_source_does_not_name(
    minimal: Path, run: Run
) -> None:
    deal = minimal / "facts" / "deals" / "longbow-order.yml"
    text = deal.read_text(encoding="utf-8")
    deal.write_text(text.replace("system: longbow\n", "system_description: an air-defence radar\n"))
    base, problems = gather(minimal / "facts")
    assert not problems
    page = render(base, Settings(intro="# x\n"))["deals/longbow-order.md"]
    assert "| System | an air-defence radar (type not named) |" in page
    deal.write_text(text.replace("system: longbow\n", ""))
    result = run("check", "--facts", str(minimal / "facts"))
    assert result.status == 1
    assert (
        "longbow-order.yml:1:1: error: a deal needs what it sells (add `system: <system id>`, "
        "or `system_description:` when the source names no type)\n"
    ) in result.err
