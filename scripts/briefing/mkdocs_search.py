"""MkDocs plugin `briefing-search`: Material's search box on the index the generator renders.

`briefing render` writes the site's search index as `docs/search/search_index.json`
(`briefing.search`), which MkDocs copies into the site like any other file. Material's
`search` plugin stays in mkdocs.yml: its presence is what puts the search box in the
theme's header, and its settings are what the theme's scripts read. This plugin stops
the two things it does on every build: parse every page's HTML into index entries
(on each page's context) and write its own index over the rendered one (after the
build). Listed after `search` in mkdocs.yml:

    plugins:
      - search
      - briefing-search

Zensical, which reads mkdocs.yml but runs no MkDocs plugin, ignores it and indexes the
pages itself.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from briefing import search

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MATERIAL_SEARCH = "material/search"
"""Material's search plugin, as MkDocs names it when mkdocs.yml lists `search`."""
STOPPED = ("page_context", "post_build")
"""The events where Material's search plugin indexes pages and writes its index."""


class Options(Config):  # type: ignore[no-untyped-call]
    """The plugin has no options."""


class SearchPlugin(BasePlugin[Options]):  # type: ignore[no-untyped-call]
    """Keep Material's search box and settings; stop its indexing of every page."""

    @event_priority(-100)  # after Material's plugin has read its settings
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Take Material's search plugin's per-page and index-writing handlers out.

        Raises PluginError when mkdocs.yml lists no `search` plugin of Material's;
        warns (fatal in strict mode) when its settings differ from the rendered index's.
        """
        material = config.plugins.get(MATERIAL_SEARCH)
        if material is None:
            raise PluginError(
                "briefing-search keeps Material's search box on the rendered index: "
                "list `search` before it under `plugins` in mkdocs.yml"
            )
        for event in STOPPED:
            handlers = config.plugins.events[event]
            handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not material]
        settings: dict[str, Any] = {key: material.config.get(key) for key in search.CONFIG}
        if settings != search.CONFIG:
            log.warning(
                "the search index briefing renders has the settings %s; mkdocs.yml's search "
                "plugin has %s: remove its lang, separator, pipeline and fields options",
                search.CONFIG,
                settings,
            )
        return config
