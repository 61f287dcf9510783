"""A new briefing repository: its configuration, hand-written pages, fact folders and CI.

`briefing init DIR` writes what a briefing of its own needs, from the files in
`skeleton/`: `mkdocs.yml` with the theme settings every briefing shares, `docs/` with an
introduction and a method page, `facts/` with a folder per kind and the JSON Schemas its
files name, `archive/` for plain-text copies of the sources, a Makefile whose `site` and
`test` targets do all the set-up and checks, a GitHub workflow that checks, builds and
publishes, `.gitignore`, a README for editors, and `requirements.txt`, which names the
briefing generator to install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import jinja2

from briefing.models import FOLDERS
from briefing.render import generated_paths
from briefing.schema import SCHEMA_FOLDER, schema_files

DISTRIBUTION = "briefing"
THEME_FILES = (
    "overrides/main.html",
    "overrides/assets/stylesheets/briefing.css",
    "overrides/assets/stylesheets/briefing-print.css",
)
"""Additions to the theme (`theme.custom_dir`): the feed link, edition stamp, screen and
print styles."""


class InitError(Exception):
    """The new briefing cannot be written where or as asked; nothing was written."""


@dataclass(frozen=True)
class Requirement:
    """The line of requirements.txt that installs the generator, and where it comes from."""

    line: str
    """A pip requirement: `briefing==0.1.0`, `briefing @ git+https://…@<commit>`, or
    `briefing @ file:///…` (PEP 508)."""
    origin: str
    """Where the running generator was installed from, in words."""
    local: bool
    """Whether it names a folder on this machine, which CI elsewhere cannot reach."""


def running_requirement() -> Requirement:
    """Return a requirement for the generator as it is installed here."""
    distribution = metadata.distribution(DISTRIBUTION)
    return requirement_for(distribution.read_text("direct_url.json"), distribution.version)


def requirement_for(direct_url: str | None, version: str) -> Requirement:
    """Return a requirement from an installation's `direct_url.json` (PEP 610) and version.

    A generator installed from a git URL is pinned to the commit it was installed at;
    one installed from a package index (no `direct_url.json`), to its version; one
    installed from a folder (as in development), to that folder, which only this
    machine can install from.
    """
    if not direct_url:
        return Requirement(
            f"{DISTRIBUTION}=={version}", f"release {version} from a package index", local=False
        )
    info = json.loads(direct_url)
    url = str(info["url"])
    vcs = info.get("vcs_info")
    if vcs:
        pinned = f"{vcs['vcs']}+{url}@{vcs['commit_id']}"
        origin = f"{url} at commit {vcs['commit_id']}"
        return Requirement(f"{DISTRIBUTION} @ {pinned}", origin, local=False)
    if url.startswith("file:"):
        return Requirement(f"{DISTRIBUTION} @ {url}", f"the folder {url}", local=True)
    return Requirement(f"{DISTRIBUTION} @ {url}", url, local=False)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "skeleton"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, Markdown and make, each quoted for its place below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A JSON string is a YAML double-quoted scalar: any title stays one plain string.
    env.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)
    return env


def _check_text(option: str, text: str) -> str:
    if not text.strip():
        raise InitError(f"{option} is empty (give the briefing's {option.lstrip('-')})")
    if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in text):
        raise InitError(f"{option} holds a line break or a control character (write one line)")
    return text.strip()


def briefing_files(title: str, description: str, requirement: Requirement) -> dict[str, str]:
    """Return the files of a new briefing, {path relative to its folder: text}.

    The description may be empty. Raises InitError for an empty title, or a title or
    description with a line break or a control character.
    """
    title = _check_text("--title", title)
    description = _check_text("--description", description) if description else ""
    env = _environment()

    def render(template: str, **context: object) -> str:
        return env.get_template(template).render(title=title, description=description, **context)

    files = {
        "mkdocs.yml": render("mkdocs.yml.j2"),
        "docs/intro.md": render("intro.md.j2"),
        "docs/method.md": _verbatim("method.md"),
        "README.md": render("README.md.j2"),
        "Makefile": render("Makefile.j2"),
        "requirements.txt": render(
            "requirements.txt.j2", requirement=requirement.line, origin=requirement.origin
        ),
        ".gitignore": render("gitignore", generated=generated_paths()),
        ".github/workflows/site.yml": _verbatim("workflow.yml"),
        ".vscode/settings.json": _editor_settings(),
        **{name: _verbatim(name) for name in THEME_FILES},
    }
    for folder in [*(f"facts/{name}" for name in FOLDERS.values()), "archive"]:
        files[f"{folder}/.gitkeep"] = ""
    for name, text in schema_files().items():
        files[f"facts/{SCHEMA_FOLDER}/{name}"] = text
    return files


def _verbatim(name: str) -> str:
    """Return a file of the skeleton as it is (GitHub's `${{ }}` is not Jinja)."""
    return (resources.files("briefing") / "skeleton" / name).read_text(encoding="utf-8")


def _editor_settings() -> str:
    """Return VS Code's settings: the YAML extension finds each kind's schema."""
    schemas = {
        f"facts/{SCHEMA_FOLDER}/{kind}.schema.json": f"facts/{folder}/*.yml"
        for kind, folder in FOLDERS.items()
    }
    return json.dumps({"yaml.schemas": schemas, "yaml.customTags": []}, indent=2) + "\n"


def init(folder: Path, title: str, description: str, requirement: Requirement) -> list[str]:
    """Write a new briefing into a new or empty folder; return the paths written.

    Also makes the folder a git repository when git is installed. Raises InitError,
    having written nothing, when the folder is not empty or the texts are unusable.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder.as_posix()} is not empty (choose a new folder)")
    files = briefing_files(title, description, requirement)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git = shutil.which("git")
    if git is not None:
        subprocess.run(
            [git, "init", "--quiet", "--initial-branch=main", str(folder)],
            check=False,
            capture_output=True,
        )
    return list(files)
