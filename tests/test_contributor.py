"""A new contributor's first quote, end to end, as the README and contributing page tell it.

Add a quote with a typo, read the precise error, fix it, build the site and see the
quote there and on What's new, and see it in `briefing diff` as a reviewer would.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Run, site_project
from repos import commit_all

QUOTE = """\
id: ortiz-june
text: The systems will arrive in June.
speeker: ana-ortiz
said: 2019-03-04
about: [skyshield-sale]
sources: [wire-2019]
"""


def test_a_contributor_adds_a_quote(minimal: Path, run: Run) -> None:
    project = minimal
    config = site_project(project) / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("\nextra:\n", "\nextra:\n  briefing_whats_new_since: HEAD\n")
    )
    commit_all(project, "Start the briefing")

    quote = project / "facts" / "quotes" / "ortiz-june.yml"
    quote.write_text(QUOTE)
    typo = run("check", cwd=project)
    assert typo.status == 1
    assert typo.err == (
        "facts/quotes/ortiz-june.yml:3:1: error: speeker: unknown field 'speeker' "
        "(did you mean 'speaker'?)\n"
        "1 error in 1 file\n"
    )

    quote.write_text(QUOTE.replace("speeker:", "speaker:"))
    fixed = run("check", cwd=project)
    assert (fixed.status, fixed.err) == (0, "")
    assert fixed.out == "facts: 23 records, no errors\n"

    built = run("build", cwd=project)
    assert (built.status, built.err) == (0, "")
    quotes = (project / "site" / "quotes" / "2019" / "index.html").read_text()
    assert '<span id="ortiz-june"></span>' in quotes
    assert "The systems will arrive in June" in quotes
    news = (project / "site" / "whats-new" / "index.html").read_text()
    assert "Added quote by" in news
    assert 'href="../quotes/2019/#ortiz-june"' in news
    home = (project / "site" / "index.html").read_text()
    assert 'href="whats-new/"' in home

    changes = run("diff", "HEAD", cwd=project)
    assert (changes.status, changes.err) == (0, "")
    assert changes.out == (
        "## Changes to the facts since `HEAD`\n"
        "\n"
        "1 added.\n"
        "\n"
        "- Added quote by `Ana Ortiz` on 4 March 2019: `The systems will arrive in June.`\n"
    )
