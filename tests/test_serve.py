"""`briefing serve`: edits to facts reach the served pages; broken edits do not."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from briefing.build import build_site
from conftest import MINIMAL, site_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str, wanted: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    return body


def _serve_minimal(project: Path) -> tuple[subprocess.Popen[str], str]:
    """Start `briefing serve` on a copy of the minimal fixture; return it and its URL."""
    site_project(project)
    shutil.copytree(MINIMAL / "facts", project / "facts")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}/"


def test_serve_rerenders_on_save_and_survives_a_half_saved_file(tmp_path: Path) -> None:
    server, root = _serve_minimal(tmp_path)
    page = root + "actors/acme/"
    acme = tmp_path / "facts" / "actors" / "acme.yml"
    original = acme.read_text()
    try:
        assert "Acme Dynamics" in _fetch(page, "Acme Dynamics")
        acme.write_text(original[: len(original) // 2])  # the editor's save, cut short
        time.sleep(2)
        assert "Acme Dynamics" in _fetch(page, "Acme Dynamics")
        acme.write_text(original.replace("Acme Dynamics", "Acme Renamed"))
        assert "Acme Renamed" in _fetch(page, "Acme Renamed")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    assert "still serving the last good pages" in errors
    assert "Traceback" not in errors


def _entries(index: dict[str, list[dict[str, str]]], pages: set[str] | None = None) -> list[str]:
    """Return search entries as sorted JSON, only of the given pages if any are given."""
    return sorted(
        json.dumps(entry, sort_keys=True)
        for entry in index["docs"]
        if pages is None or entry["location"].partition("#")[0] in pages
    )


def test_serve_keeps_the_search_index_whole_and_drops_removed_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, root = _serve_minimal(tmp_path)
    facts = tmp_path / "facts"
    try:
        assert "Acme Dynamics" in _fetch(root + "actors/acme/", "Acme Dynamics")
        acme = facts / "actors" / "acme.yml"
        acme.write_text(acme.read_text().replace("Acme Dynamics", "Acme Searchable"))
        assert "Acme Searchable" in _fetch(root + "actors/acme/", "Acme Searchable")
        paper = facts / "sources" / "paper-2018.yml"
        paper.write_text(paper.read_text().replace("relies_on: [daily-courier]\n", ""))
        (facts / "actors" / "daily-courier.yml").unlink()
        assert "Daily Courier" not in _fetch(root + "actors/", "zzz", timeout=3)
        time.sleep(2)
        served = json.loads(_fetch(root + "search/search_index.json", '"docs"'))
    finally:
        server.terminate()
        server.communicate(timeout=20)
    monkeypatch.chdir(tmp_path)  # pages name their fact files as serve sees them
    build_site(Path("facts"), Path("docs"), Path("mkdocs.yml"), Path("site"))
    built = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    pages = {entry["location"].partition("#")[0] for entry in built["docs"]}
    assert "actors/daily-courier/" not in pages
    assert _entries(served, pages) == _entries(built)
    assert not any(e["location"].startswith("actors/daily-courier/") for e in served["docs"])
    assert any("Acme Searchable" in e["title"] for e in served["docs"])
