"""Git repositories for tests: a folder committed as it is, with a fixed author."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """Run git in a repository, failing the test if it fails; return its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    """Commit everything in the folder, making it a repository first if it is not one."""
    if not (repo / ".git").exists():
        git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "--allow-empty", "-m", message)


def replace_in(repo: Path, name: str, old: str, new: str) -> None:
    """Replace text in the fact file facts/NAME once, failing if it is not there."""
    path = repo / "facts" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def start_briefing(folder: Path) -> Path:
    """Commit a copy of the minimal fixture with one more source, cited by an event."""
    (folder / "facts" / "sources" / "old-memo.yml").write_text("id: old-memo\ntitle: An old memo\n")
    replace_in(
        folder, "events/events.yml", "sources: [wire-2019]", "sources: [wire-2019, old-memo]"
    )
    commit_all(folder, "Start the briefing")
    return folder


NEW_QUOTE = """\
- id: ortiz-deliver
  text: "We will deliver by June."
  speaker: ana-ortiz
  said: 2019-03-04
  sources: [wire-2019]
"""


def edit_like_a_pull_request(repo: Path) -> None:
    """Make the edits a pull request might: add, change and remove records."""
    quotes = repo / "facts" / "quotes" / "wire-2019.yml"
    quotes.write_text(quotes.read_text() + NEW_QUOTE)
    replace_in(
        repo,
        "deals/skyshield-sale.yml",
        "conditions:",
        "  - status: signed\n    date: 2019-05\n    sources: [wire-2019]\nconditions:",
    )
    replace_in(repo, "actors/ana-ortiz.yml", "  - Ana Órtiz\n", "  - Ana Órtiz\n  - A. Ortiz\n")
    replace_in(repo, "actors/ana-ortiz.yml", "as_of: 2019-03", "as_of: 2019-04")
    replace_in(repo, "actors/ana-ortiz.yml", "*trade minister*", "trade minister")
    replace_in(repo, "events/events.yml", "date: 2019-03-05", "date: 2019-03-04")
    (repo / "facts" / "sources" / "old-memo.yml").unlink()
