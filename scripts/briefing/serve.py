"""Live preview: MkDocs' dev server, with the pages re-rendered when a fact file changes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from briefing.pipeline import render_site
from briefing.problems import FactBaseError
from briefing.write import WriteConflict


def snapshot(facts: Path) -> dict[str, float]:
    """Return every fact file with its modification time."""
    return {
        path.as_posix(): path.stat().st_mtime
        for path in sorted(facts.rglob("*"))
        if path.is_file() and path.suffix in (".yml", ".yaml")
    }


def rerender(facts: Path, docs: Path, config: Path) -> bool:
    """Render once, printing errors instead of raising; keep the last good pages."""
    try:
        report, warnings = render_site(facts, docs, config)
    except FactBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{exc}; still serving the last good pages", file=sys.stderr)
        return False
    except WriteConflict as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return False
    for problem in warnings:
        print(problem, file=sys.stderr)
    print(f"rendered: {len(report.written)} pages changed", file=sys.stderr)
    return True


def serve(facts: Path, docs: Path, config: Path, address: str, interval: float = 0.5) -> int:
    """Serve the site and re-render whenever a fact file changes, until interrupted."""
    # Stop the server with us when we are terminated, not only on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    rerender(facts, docs, config)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(config),
        "--dev-addr",
        address,
        "--livereload",
    ]
    server = subprocess.Popen(command)
    seen = snapshot(facts)
    try:
        while server.poll() is None:
            time.sleep(interval)
            now = snapshot(facts)
            if now != seen:
                seen = now
                rerender(facts, docs, config)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0
