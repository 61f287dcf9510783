"""Problems as GitHub Actions workflow commands, which annotate the offending lines.

A line such as ``::error file=facts/a.yml,line=4,col=1,title=briefing check::what`` on a
job's output becomes an annotation on that line of the pull request. GitHub reads the
message up to the end of the line and the properties up to the next comma, so both are
percent-encoded as its toolkit does.
"""

from __future__ import annotations

from briefing.problems import Problem

TITLE = "briefing check"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """Return the workflow command that annotates a problem's line on GitHub."""
    properties = {
        "file": problem.path,
        "line": str(problem.line),
        "col": str(problem.column),
        "title": TITLE,
    }
    listed = ",".join(f"{name}={_property(value)}" for name, value in properties.items())
    return f"::{problem.severity.value} {listed}::{_data(problem.message)}"
