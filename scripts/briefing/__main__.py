"""Run the command line as `python -m briefing`."""

from __future__ import annotations

import sys

from briefing.cli import main

sys.exit(main())
