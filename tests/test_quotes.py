"""Quotes as reporting gives them: spoken in another language, relayed, in several wordings."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefing.models import Quote
from briefing.pipeline import gather
from briefing.render import Settings, render
from conftest import Run

WORDINGS = """\
- id: ortiz-best-offer
  text: We have made our best offer,
  speaker: ana-ortiz
  said: 2019-03-05
  wordings:
    - text: our offer is the best we can make
      sources: [courier-memo]
      note: as the Courier words it
  about: [skyshield-sale]
  sources: [wire-2019, courier-memo]
"""


def _with_quote(minimal: Path, yaml_text: str) -> None:
    quotes = minimal / "facts" / "quotes" / "wire-2019.yml"
    text = quotes.read_text(encoding="utf-8")
    rest = text.split("- id: ortiz-door-open", 1)[1]
    quotes.write_text(yaml_text + "- id: ortiz-door-open" + rest, encoding="utf-8")


def _quotes_page(minimal: Path) -> str:
    base, problems = gather(minimal / "facts")
    assert not problems
    return render(base, Settings(intro="# x\n"))["quotes/2019.md"]


def test_each_wording_is_verified_against_its_own_source(minimal: Path, run: Run) -> None:
    _with_quote(minimal, WORDINGS)
    memo = minimal / "archive" / "courier-memo.txt"
    memo.write_text(
        memo.read_text(encoding="utf-8") + 'Ortiz said "our offer is the best we can make".\n'
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    memo.write_text(memo.read_text(encoding="utf-8").replace("best we can", "best we could"))
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert result.status == 1
    assert result.err.startswith(
        "facts/quotes/wire-2019.yml:6:13: error: quote 'ortiz-best-offer' (wording 1) is not "
        "verbatim in source 'courier-memo': it matches up to \"our offer is the best we c\", "
        'then has "an make" where the source has "ould make"." (copy the words exactly '
        "as printed)\n"
    )


def test_a_page_shows_every_wording_with_its_own_citation(minimal: Path) -> None:
    _with_quote(minimal, WORDINGS)
    page = _quotes_page(minimal)
    line = next(line for line in page.splitlines() if "best offer" in line)
    assert line.endswith(
        "&#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93;; also reported as “our offer "
        "is the best we can make”[^1] &#91;[Daily Courier n.d.]"
        "(../sources/undated.md#courier-memo)&#93;"
    )


def test_a_translated_and_relayed_quote_says_so(minimal: Path) -> None:
    _with_quote(
        minimal,
        WORDINGS.replace(
            "  wordings:\n",
            "  language: de\n  translated: true\n  relayed_by: trade-office\n  wordings:\n",
        ),
    )
    page = _quotes_page(minimal)
    line = next(line for line in page.splitlines() if "best offer" in line)
    assert "” — [Ana Ortiz](" in line
    assert ", in the source's translation from German &#91;" in line, line
    assert ", as relayed by [Northland Trade Office](../actors/trade-office.md), 5 March" in line


def test_a_quote_in_its_own_language_names_it(minimal: Path) -> None:
    _with_quote(minimal, WORDINGS.replace("  wordings:\n", "  language: pt-BR\n  wordings:\n"))
    page = _quotes_page(minimal)
    line = next(line for line in page.splitlines() if "best offer" in line)
    assert ", in Portuguese (Brazil) &#91;" in line, line


def test_the_readme_example_of_a_quote_is_valid() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```yaml\n")[1:] if "agency-misunderstanding" in b)
    (data,) = yaml.safe_load(block.split("```")[0])
    quote = Quote.model_validate(data)
    assert (quote.language, quote.translated, quote.relayed_by) == ("de", True, "defence-ministry")
    assert quote.own_sources() == ["one-article"]


def test_words_in_quotation_marks_in_prose_must_be_in_a_cited_source(
    minimal: Path, run: Run
) -> None:
    deal = minimal / "facts" / "deals" / "skyshield-sale.yml"
    text = deal.read_text(encoding="utf-8")
    deal.write_text(
        text.replace(
            "  - text: Southland must drop its rival order.\n",
            "  - text: 'Northland wants Southland to \"drop its rival order\" first.'\n",
        )
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    deal.write_text(deal.read_text(encoding="utf-8").replace("drop its rival", "give up its rival"))
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert result.status == 1
    assert (
        'conditions[0].text: the words in quotation marks "give up its rival order" are in none '
        "of the archived sources cited here (wire-2019); copy them exactly as printed, or drop "
        "the quotation marks from a paraphrase\n"
    ) in result.err
