"""`briefing serve`: edits to facts reach the served pages; broken edits do not."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def test_serve_rerenders_on_save_and_survives_a_broken_file(tmp_path: Path) -> None:
    site_project(tmp_path)
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    page = f"http://127.0.0.1:{port}/actors/acme/"
    acme = tmp_path / "facts" / "actors" / "acme.yml"
    try:
        assert "Acme Dynamics" in _fetch(page, "Acme Dynamics")
        acme.write_text("id: acme\nname: [broken\n")
        time.sleep(2)
        assert "Acme Dynamics" in _fetch(page, "Acme Dynamics")
        acme.write_text(
            acme.read_text().replace("id: acme\nname: [broken\n", "")
            or "id: acme\nname: Acme Renamed\nkind: company\nsources: [paper-2018]\n"
        )
        assert "Acme Renamed" in _fetch(page, "Acme Renamed")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    assert "still serving the last good pages" in errors
    assert "Traceback" not in errors
