"""Figures: amounts and counts as sources give them, exact, hedged or ranged, on every output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing import export
from briefing.dictionary import FIGURE_EXAMPLES
from briefing.figures import figure_refines, figure_text, figure_words
from briefing.models import Deal, Money, Quantity
from briefing.pipeline import gather
from briefing.render import Settings, render
from conftest import Run

DEAL: dict[str, Any] = {
    "id": "jet-buy",
    "title": "Jets for Southland",
    "system": "skyshield",
    "seller": "northland",
    "buyer": "southland",
    "sources": ["paper-2018"],
}


def _figure(yaml_text: str) -> Money | Quantity:
    (name, value), *_ = yaml.safe_load(yaml_text).items()
    versions = Deal.model_validate(
        {**DEAL, "items": [{"name": "jets", "quantity": value}]}
        if name == "quantity"
        else {**DEAL, "value": value}
    )
    figure = versions.items[0].quantity if name == "quantity" else versions.value
    assert figure is not None
    return figure[0].value


@pytest.mark.parametrize(("said", "written", "shown"), FIGURE_EXAMPLES)
def test_the_dictionary_examples_read_as_the_dictionary_says(
    said: str, written: str, shown: str
) -> None:
    assert figure_words(_figure(written)) == shown


def test_old_amounts_and_bare_counts_stay_valid() -> None:
    assert figure_words(_figure("value: {amount: 2500000000, currency: USD}")) == "2.5 billion USD"
    assert figure_words(_figure("quantity: 12")) == "12"


@pytest.mark.parametrize(
    ("written", "cell"),
    [
        ("value: {amount: 2500000000, currency: USD}", "2500000000 USD"),
        ("value: {qualifier: about, amount: 36000000, currency: USD}", "about 36000000 USD"),
        ("value: {min: 650000000, max: 1300000000, currency: USD}", "650000000 to 1300000000 USD"),
        (
            "value: {amount: 6e9, currency: CHF, conversion: {amount: 6.5e9, currency: USD}}",
            "6000000000 CHF (6500000000 USD as converted by the source)",
        ),
        ("quantity: {min: 40, max: 80}", "40 to 80"),
    ],
)
def test_table_cells_give_figures_in_full(written: str, cell: str) -> None:
    assert figure_text(_figure(written)) == cell


def test_ranges_that_differ_reach_sources_differ_and_conversions_do_not(minimal: Path) -> None:
    deal = minimal / "facts" / "deals" / "longbow-order.yml"
    text = deal.read_text(encoding="utf-8")
    value = text[text.index("value:\n") : text.index("status:\n")]
    deal.write_text(
        text.replace(
            value,
            "value:\n"
            "  - value: {min: 30000000, max: 50000000, currency: EUR}\n"
            "    sources: [wire-2019]\n"
            "  - value: {min: 40000000, max: 60000000, currency: EUR, conversion: "
            "{qualifier: about, min: 43000000, max: 65000000, currency: USD}}\n",
        )
    )
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    page = render(base, Settings(intro="# x\n"))["deals/longbow-order.md"]
    assert '??? warning "Where sources differ"' in page
    assert "30 to 50 million EUR" in page
    assert "40 to 60 million EUR (about 43 to 65 million USD as converted by the source)" in page


def test_a_conversion_alone_does_not_make_versions_disagree(minimal: Path) -> None:
    deal = minimal / "facts" / "deals" / "skyshield-sale.yml"
    deal.write_text(
        deal.read_text(encoding="utf-8").replace(
            "{amount: 1200000000, currency: USD}",
            "{amount: 1000000000, currency: USD, conversion: {amount: 900000000, currency: EUR}}",
        )
    )
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    page = render(base, Settings(intro="# x\n"))["deals/skyshield-sale.md"]
    assert "sources differ" not in page.lower()
    assert "1 billion USD (900 million EUR as converted by the source)" in page


def test_exports_carry_ranges_and_conversions(minimal: Path) -> None:
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    data = json.loads(export.to_json(base))
    (longbow,) = [d for d in data["kinds"]["deal"] if d["id"] == "longbow-order"]
    assert longbow["value"] == [
        {
            "value": {
                "min": "40000000",
                "max": "60000000",
                "currency": "EUR",
                "conversion": {
                    "qualifier": "about",
                    "min": "43000000",
                    "max": "65000000",
                    "currency": "USD",
                },
            }
        }
    ]
    assert longbow["items"][0]["quantity"] == [{"value": {"qualifier": "up-to", "count": 12}}]
    table = export.to_csv(base)["deals.csv"].removeprefix("\ufeff")  # Excel's byte-order mark
    rows = list(csv.DictReader(io.StringIO(table)))
    (row,) = [r for r in rows if r["id"] == "longbow-order"]
    assert row["value"] == (
        "40000000 to 60000000 EUR (about 43000000 to 65000000 USD as converted by the source)"
        " [courier-memo]"
    )
    assert export._price(longbow_money(base)) == {
        "priceSpecification": {
            "@type": "PriceSpecification",
            "priceCurrency": "EUR",
            "minPrice": "40000000",
            "maxPrice": "60000000",
        }
    }


def longbow_money(base: Any) -> Money:
    deal = base.get("longbow-order")
    assert isinstance(deal, Deal) and deal.value is not None
    return deal.value[0].value


@pytest.mark.parametrize(
    ("written", "price"),
    [
        ("{amount: 5, currency: USD}", {"price": "5", "priceCurrency": "USD"}),
        ("{qualifier: up-to, amount: 5, currency: USD}", {"maxPrice": "5"}),
        ("{qualifier: more-than, amount: 5, currency: USD}", {"minPrice": "5"}),
        ("{qualifier: about, amount: 5, currency: USD}", {}),
        ("{qualifier: about, min: 4, max: 5, currency: USD}", {}),
    ],
)
def test_json_ld_gives_a_price_only_as_far_as_the_source_does(
    written: str, price: dict[str, str]
) -> None:
    money = Money.model_validate(yaml.safe_load(written))
    found = export._price(money)
    if "price" in price or not price:
        assert found == price
    else:
        assert found == {
            "priceSpecification": {"@type": "PriceSpecification", "priceCurrency": "USD", **price}
        }


def test_a_range_typed_as_one_number_says_how_to_write_it(minimal: Path, run: Run) -> None:
    deal = minimal / "facts" / "deals" / "longbow-order.yml"
    deal.write_text(
        deal.read_text(encoding="utf-8").replace("{qualifier: up-to, count: 12}", "10-12")
    )
    result = run("check", "--facts", str(minimal / "facts"))
    assert result.status == 1
    assert (
        "items[0].quantity: expected a whole number, found '10-12' "
        "(for a range, write `min: 10` and `max: 12` instead)"
    ) in result.err


def test_the_readme_example_of_figures_is_valid_and_shown_as_it_says() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```yaml\n")[1:] if "fighter jets" in b)
    deal = Deal.model_validate({**DEAL, **yaml.safe_load(block.split("```")[0])})
    assert deal.value is not None
    shown = [figure_words(deal.items[0].quantity[0].value)] if deal.items[0].quantity else []
    shown += [figure_words(v.value) for v in deal.value]
    assert shown == [
        "about 36",
        "650 million to 1.3 billion USD",
        "just over 6 billion CHF (6.5 billion USD as converted by the source)",
    ]
    for words in shown:
        assert f'"{words}"' in " ".join(readme.split())


@pytest.mark.parametrize(
    ("exact", "hedged", "refines"),
    [
        ("quantity: 36", "quantity: {qualifier: about, count: 36}", True),
        ("quantity: 36", "quantity: {qualifier: up-to, count: 40}", True),
        ("quantity: 36", "quantity: {min: 30, max: 40}", True),
        ("quantity: 36", "quantity: {qualifier: more-than, count: 36}", False),
        ("quantity: 36", "quantity: 35", False),
        (
            "quantity: {qualifier: about, count: 36}",
            "quantity: {qualifier: about, count: 36}",
            False,
        ),
        (
            "value: {amount: 2.5e9, currency: USD}",
            "value: {qualifier: nearly, amount: 3e9, currency: USD}",
            True,
        ),
        (
            "value: {amount: 2.5e9, currency: USD}",
            "value: {qualifier: nearly, amount: 3e9, currency: EUR}",
            False,
        ),
    ],
)
def test_an_exact_figure_refines_a_hedge_or_range_that_allows_it(
    exact: str, hedged: str, refines: bool
) -> None:
    assert figure_refines(_figure(exact), _figure(hedged)) is refines


def test_a_hedged_count_and_the_exact_one_it_allows_do_not_disagree(minimal: Path) -> None:
    deal = minimal / "facts" / "deals" / "longbow-order.yml"
    versions = (
        "    quantity:\n"
        "      - value: {qualifier: up-to, count: 12}\n"
        "      - value: 10\n"
        "        sources: [courier-memo]\n"
    )
    text = deal.read_text(encoding="utf-8")
    deal.write_text(text.replace("    quantity: {qualifier: up-to, count: 12}\n", versions))
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    page = render(base, Settings(intro="# x\n"))["deals/longbow-order.md"]
    assert "- Longbow radars: up to 12; 10 " in page
    assert "sources differ" not in page.lower()
    deal.write_text(
        text.replace("    quantity: {qualifier: up-to, count: 12}\n", versions.replace("10", "14"))
    )
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    page = render(base, Settings(intro="# x\n"))["deals/longbow-order.md"]
    assert "up to 12 / 14 " in page and "*(sources differ)*" in page


def test_a_refinement_says_which_source_gives_each_figure(minimal: Path) -> None:
    deal = minimal / "facts" / "deals" / "longbow-order.yml"
    text = deal.read_text(encoding="utf-8")
    versions = (
        "    quantity:\n"
        "      - value: {qualifier: up-to, count: 12}\n"
        "        sources: [courier-memo]\n"
        "      - value: 10\n"
        "        sources: [wire-2019]\n"
        "    sources: [courier-memo, wire-2019]\n"
    )
    deal.write_text(text.replace("    quantity: {qualifier: up-to, count: 12}\n", versions))
    base, problems = gather(minimal / "facts")
    assert base is not None, problems
    page = render(base, Settings(intro="# x\n"))["deals/longbow-order.md"]
    courier = "&#91;[Daily Courier n.d.](../sources/undated.md#courier-memo)&#93;"
    wire = "&#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93;"
    assert f"- Longbow radars: up to 12 {courier}; 10 {wire} \n" in page
