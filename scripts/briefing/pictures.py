"""Pictures: inline SVG of how records relate and of when things happened, with no I/O.

Each function returns one line of SVG markup to put on a page as raw HTML, or "" when
there is nothing to draw. The markup needs no script, font, image or network: styles sit
in a `<style>` element scoped to the picture's class and fall back to neutral colours
outside Material for MkDocs.

Pictures are read, not glanced at: text is 12 px or more at the picture's own size, and
the picture never shrinks below that size (`min-width`), so a narrow screen scrolls it
sideways instead (the page's `.briefing-picture` box scrolls). Labels are written whole,
on two lines if need be, and cut with an ellipsis only when two lines cannot hold them.
To assistive technology a picture is a named group (WAI-ARIA `group`, not `img`, whose
content would be hidden): each record or dated item is a link named by its `<title>`,
each relationship an image named in words, and what only the eye needs (the legend,
axis, grid and the lines' own labels) is hidden from it.

Fact text is untrusted. It appears only as escaped text content, in `<title>` and in
`aria-label`; links come from `site_href` with validated ids. Text is also made inert to
Markdown (`*`, `_`, brackets... as character references): Python-Markdown does not count
`<svg>` as a block-level tag, so it reads the text between the tags as Markdown.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from briefing.dates import MONTHS, PartialDate
from briefing.folding import fold
from briefing.link import FactBase
from briefing.models import Actor, Deal, Dispute, System
from briefing.urls import page_of, site_href

MAX_NODES = 40
"""The most records a relationship graph shows."""
LABEL_CHARS = 30
"""The longest line of a node label; a label takes at most two lines."""

GRAPH_KINDS = ("dispute", "actor", "deal", "system")
_KIND_RANK = {kind: rank for rank, kind in enumerate(GRAPH_KINDS)}
_KIND_NAMES = {"dispute": "Dispute", "actor": "Actor", "deal": "Deal", "system": "System"}
_KIND_COLOURS = {
    "dispute": "#e53935",
    "actor": "#1e88e5",
    "deal": "#43a047",
    "system": "#fb8c00",
}

# Characters Python-Markdown acts on inside a paragraph; written as references instead.
_MARKDOWN_ACTIVE = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]!^~|"}
_ESCAPES = str.maketrans({ch: html.escape(ch, quote=True) for ch in "&<>\"'"} | _MARKDOWN_ACTIVE)

# Kept free of '*', '_', '>', '`', '[' and '\' so that Markdown leaves it alone too.
_STYLE = (
    ".bf-pic{font-size:13px}"
    ".bf-pic text{fill:var(--md-default-fg-color,#777)}"
    ".bf-pic .bf-halo{paint-order:stroke;stroke:var(--md-default-bg-color,transparent);"
    "stroke-width:3px;stroke-linejoin:round}"
    ".bf-pic .bf-faint{fill:var(--md-default-fg-color--light,#888);font-size:12px}"
    ".bf-pic .bf-edge{fill:none;stroke:var(--md-default-fg-color--lighter,#999);"
    "stroke-width:1.3px}"
    ".bf-pic .bf-axis{fill:none;stroke:var(--md-default-fg-color--light,#888);stroke-width:1px}"
    ".bf-pic .bf-grid{fill:none;stroke:var(--md-default-fg-color--lightest,#ccc);"
    "stroke-width:1px;stroke-dasharray:2 3}"
    ".bf-pic .bf-shape{stroke:var(--md-default-bg-color,#fff);stroke-width:1.5px}"
    ".bf-pic .bf-focus{font-weight:bold}"
    ".bf-pic .bf-mark{fill:var(--md-accent-fg-color,#526cfe);"
    "stroke:var(--md-accent-fg-color,#526cfe);stroke-width:1.5px}"
    ".bf-pic .bf-bar{fill-opacity:0.45}"
    ".bf-pic .bf-approx{fill-opacity:0.12;stroke-dasharray:3 2}"
    ".bf-pic a:hover text,.bf-pic a:focus text{text-decoration:underline}"
    ".bf-pic a:focus{outline:2px solid var(--md-accent-fg-color,#526cfe)}"
)

# --- Text and numbers ----------------------------------------------------------------


def _clean(text: str) -> str:
    """Return text on one line, with runs of white space as single spaces."""
    return " ".join(text.split())


def _clip(text: str, limit: int) -> str:
    """Return text cut to at most limit characters, ending in an ellipsis if cut."""
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _wrap(text: str, limit: int) -> list[str]:
    """Return text as one or two lines of at most limit characters, broken between words.

    Only what two lines cannot hold is cut, with an ellipsis.
    """
    text = _clean(text)
    if len(text) <= limit:
        return [text]
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    return [text[:cut].rstrip(), _clip(text[cut:], limit)]


def _plural(count: int, one: str, many: str) -> str:
    """Return the count with the noun that agrees with it: "1 record", "2 records"."""
    return f"{count} {one if count == 1 else many}"


def _esc(text: str) -> str:
    """Return text escaped for SVG content or attributes, and inert to Markdown."""
    return _clean(text).translate(_ESCAPES)


def _num(value: float) -> str:
    """Return a coordinate with at most one decimal, the same on every run."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _width(text: str, size: float) -> float:
    """Return an estimate of the width of text set at a font size."""
    return len(text) * size * 0.56


@dataclass(frozen=True)
class _Box:
    """An axis-aligned rectangle that a label must keep clear of."""

    left: float
    top: float
    right: float
    bottom: float

    def hits(self, other: _Box) -> bool:
        """Return whether the two boxes overlap."""
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


def _svg(kind: str, label: str, width: float, height: float, body: Iterable[str]) -> str:
    """Return a complete single-line SVG element around the body, a group named by label.

    It fills the width it is given but never shrinks below its own width in pixels.
    """
    text = _esc(label)
    width, height = math.ceil(width), math.ceil(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bf-pic bf-{kind}" role="group" '
        f'aria-label="{text}" viewBox="0 0 {_num(width)} {_num(height)}" width="100%" '
        f'style="min-width:{_num(width)}px">'
        f"<title>{text}</title><style>{_STYLE}</style>" + "".join(body) + "</svg>"
    )


_HIDDEN = ' aria-hidden="true"'
"""What marks a part of a picture that only the eye needs."""


# --- Relationship graph ----------------------------------------------------------------


@dataclass(frozen=True)
class _Edge:
    """A labelled link between two records, in the direction it is read."""

    a: str
    b: str
    label: str


def _edges(base: FactBase) -> list[_Edge]:
    """Return every link between actors, deals, systems and disputes, without repeats."""
    found: list[_Edge] = []
    for record in base.by_kind.get("actor", []):
        if isinstance(record, Actor):
            # Wikidata's 'country' (P17) and 'parent organization' (P749).
            for above, label in ((record.country, "country"), (record.parent, "part of")):
                if above is not None:
                    found.append(_Edge(record.id, above, label))
    for record in base.by_kind.get("deal", []):
        if isinstance(record, Deal):
            # SIPRI's arms-transfer terms, true of an offer and of a sale alike.
            found.append(_Edge(record.seller, record.id, "supplier"))
            found.append(_Edge(record.buyer, record.id, "recipient"))
            if record.system is not None:
                found.append(_Edge(record.id, record.system, "system"))
    for record in base.by_kind.get("system", []):
        if isinstance(record, System):
            found.extend(_Edge(maker, record.id, "makes") for maker in record.manufacturer)
    for record in base.by_kind.get("dispute", []):
        if isinstance(record, Dispute):
            found.extend(_Edge(record.id, party, "party") for party in record.parties)
            found.extend(_Edge(record.id, deal, "at issue") for deal in record.deals)
            found.extend(_Edge(record.id, system, "at issue") for system in record.systems)
    edges: list[_Edge] = []
    seen: set[_Edge] = set()
    for edge in found:
        ends_known = all(
            end in base.entries and base.kind_of(end) in _KIND_RANK for end in (edge.a, edge.b)
        )
        if ends_known and edge.a != edge.b and edge not in seen:
            seen.add(edge)
            edges.append(edge)
    return edges


def _shape(kind: str, x: float, y: float, scale: float = 1.0) -> str:
    """Return the marker that stands for a record of this kind."""
    colour = _KIND_COLOURS[kind]
    r = 7 * scale
    fill = f'class="bf-shape" fill="{colour}"'
    if kind == "actor":
        return f'<circle {fill} cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>'
    if kind == "system":
        side = 2 * r - 1
        return (
            f'<rect {fill} x="{_num(x - side / 2)}" y="{_num(y - side / 2)}" '
            f'width="{_num(side)}" height="{_num(side)}" rx="2"/>'
        )
    if kind == "deal":
        d = r + 1.5
        corners = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    else:
        d = r + 1
        corners = [
            (x - d / 2, y - d),
            (x + d / 2, y - d),
            (x + d, y),
            (x + d / 2, y + d),
            (x - d / 2, y + d),
            (x - d, y),
        ]
    points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
    return f'<polygon {fill} points="{points}"/>'


_GRAPH_WIDTH = 680.0
"""The width a graph is drawn at unless its labels need more: it fits Material's text
column beside both sidebars (688 px at a 1280 px window)."""
_MARGIN = 12.0
_GAP = 220.0
"""The least room between the two columns, for the lines and their labels."""
_GRAPH_TOP = 40.0
_ROW = 28.0
_ROW_TWO_LINES = 38.0
_LINE = 15.0
_NODE_FONT = 13.0
_EDGE_FONT = 12.0

Point = tuple[float, float]


class Links:
    """Every link between actors, deals, systems and disputes, indexed once for all pages.

    A site draws a graph on each of thousands of pages: finding the links once, and
    each page's share of them by lookup, keeps rendering linear in the fact base.
    """

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self.edges = _edges(base)
        self.near: dict[str, set[str]] = {}
        self.touching: dict[str, list[int]] = {}
        self.between: dict[tuple[str, str], list[int]] = {}
        for index, edge in enumerate(self.edges):
            self.near.setdefault(edge.a, set()).add(edge.b)
            self.near.setdefault(edge.b, set()).add(edge.a)
            self.touching.setdefault(edge.a, []).append(index)
            self.touching.setdefault(edge.b, []).append(index)
            self.between.setdefault((edge.a, edge.b), []).append(index)
        self._overview: tuple[list[str], int] | None = None

    def rank(self, id: str) -> tuple[int, int, str, str]:
        """Return the sort key that puts the best connected records first."""
        kind = _KIND_RANK[self.base.kind_of(id)]
        return (-len(self.near[id]), kind, fold(self.base.name(id)), id)

    def overview(self) -> tuple[list[str], int]:
        """Return the best connected records that link to one another, and how many link."""
        if self._overview is None:
            candidates = sorted(self.near, key=self.rank)
            kept = set(candidates[:MAX_NODES])
            shown = [id for id in candidates[:MAX_NODES] if self.near[id] & kept]
            self._overview = (shown, len(candidates))
        return self._overview

    def among(self, keep: set[str]) -> list[_Edge]:
        """Return the links with both ends in keep, in the order they were found."""
        found: set[int] = set()
        for id in keep:
            touching = self.touching[id]
            if len(touching) <= len(keep):
                found.update(i for i in touching if {self.edges[i].a, self.edges[i].b} <= keep)
            else:  # a record with many links: look its few pairs up instead
                for other in keep:
                    found.update(self.between.get((id, other), ()))
        return [self.edges[index] for index in sorted(found)]


def relationship_graph(
    base: FactBase,
    page: str,
    focus: str | None = None,
    links: Links | None = None,
    directory_urls: bool = True,
) -> str:
    """Return an SVG graph of actors, deals, systems and disputes, or "" if none link.

    Links are URLs as the site serves them, with or without `directory_urls`.
    """
    links = links or Links(base)
    if focus is not None:
        if focus not in links.near:
            return ""
        candidates = sorted(links.near[focus], key=links.rank)
        shown = [focus, *candidates[: MAX_NODES - 1]]
        total = 1 + len(candidates)
    else:
        shown, total = links.overview()
    keep = set(shown)
    drawn = links.among(keep)
    if not drawn:
        return ""
    names = {id: base.name(id) for id in shown}
    # Only links among the records shown bear on where each is placed.
    near: dict[str, set[str]] = {id: set() for id in shown}
    for edge in drawn:
        near[edge.a].add(edge.b)
        near[edge.b].add(edge.a)

    others = [id for id in shown if id != focus]
    ups = {edge.a: edge.b for edge in drawn if edge.label == "part of"}
    left, right = _order(
        [id for id in others if base.kind_of(id) == "actor"],
        [id for id in others if base.kind_of(id) != "actor"],
        near,
        ups,
        lambda id: (_KIND_RANK[base.kind_of(id)], fold(names[id]), id),
    )
    if focus is not None:
        # Every record links to the centre: share them out so neither column runs long.
        half = (len(others) + 1) // 2
        left, right = left[:half] + right[half:], right[:half] + left[half:]
    labels = {id: _wrap(names[id], LABEL_CHARS) for id in shown}

    def room(column: Sequence[str]) -> float:
        return max((_width(line, _NODE_FONT) for id in column for line in labels[id]), default=0)

    def row(column: Sequence[str]) -> float:
        return _ROW_TWO_LINES if any(len(labels[id]) > 1 for id in column) else _ROW

    left_x = _MARGIN + room(left) + 13
    right_room = room(right)
    right_x = max(left_x + _GAP, _GRAPH_WIDTH - _MARGIN - 13 - right_room)
    width = right_x + 13 + right_room + _MARGIN
    centre_x = (left_x + right_x) / 2
    height = max(len(left) * row(left), len(right) * row(right), _ROW)
    if focus is not None:
        height = max(height, 150.0)
    places: dict[str, Point] = {}
    for column, x in ((left, left_x), (right, right_x)):
        for index, id in enumerate(column):
            places[id] = (x, _GRAPH_TOP + (index + 0.5) * height / len(column))
    if focus is not None:
        places[focus] = (centre_x, _GRAPH_TOP + height / 2)

    nodes: list[str] = []
    boxes: list[_Box] = [_Box(0, 0, width, _GRAPH_TOP - 12)]
    for id in shown:
        kind = base.kind_of(id)
        x, y = places[id]
        lines = labels[id]
        wide = max(_width(line, _NODE_FONT) for line in lines)
        tall = _LINE * (len(lines) - 1)
        if id == focus:
            shape, tx, ty, anchor = _shape(kind, x, y, 1.6), x, y + 28, "middle"
            extra = ' class="bf-halo bf-focus"'
            boxes += [
                _Box(x - 13, y - 13, x + 13, y + 13),
                _Box(x - wide / 2, y + 17, x + wide / 2, y + 31 + tall),
            ]
        elif x < centre_x:
            shape, tx, ty, anchor = _shape(kind, x, y), x - 13, y + 4 - tall / 2, "end"
            extra = ' class="bf-halo"'
            boxes.append(_Box(tx - wide, y - 9 - tall / 2, x + 9, y + 9 + tall / 2))
        else:
            shape, tx, ty, anchor = _shape(kind, x, y), x + 13, y + 4 - tall / 2, "start"
            extra = ' class="bf-halo"'
            boxes.append(_Box(x - 9, y - 9 - tall / 2, tx + wide, y + 9 + tall / 2))
        href = _esc(site_href(page, page_of(kind, id), directory_urls))
        nodes.append(
            f'<a href="{href}"><title>{_esc(names[id])} ({_KIND_NAMES[kind]})</title>{shape}'
            f'<text x="{_num(tx)}" y="{_num(ty)}" text-anchor="{anchor}"{extra}>'
            f"{_lines_of(lines, tx)}</text></a>"
        )

    ordered = sorted(drawn, key=lambda e: (focus not in (e.a, e.b), e.a, e.b, e.label))
    curves = {edge: _curve(edge, places, focus, left, right, centre_x) for edge in ordered}
    edges = [_draw_edge(edge, names, curves[edge][0]) for edge in ordered]
    edge_labels = [_edge_label(group, curves, boxes) for group in _label_groups(ordered)]

    body = [_legend(sorted({base.kind_of(id) for id in shown}, key=_KIND_RANK.__getitem__))]
    body += [*edges, f"<g{_HIDDEN}>{''.join(edge_labels)}</g>", *nodes]
    bottom = _GRAPH_TOP + height + 14
    hidden = total - len(shown)
    if hidden > 0:
        caption = f"+{hidden} more not shown (showing the {len(shown)} most connected records)"
        body.append(f'<text class="bf-faint" x="16" y="{_num(bottom + 8)}">{_esc(caption)}</text>')
        bottom += 22
    if focus is not None:
        linked = _plural(len(shown) - 1, "linked record", "linked records")
        title = f"Relationships of {names[focus]}: {linked}"
    else:
        title = f"Relationships between {len(shown)} actors, deals, systems and disputes"
    return _svg("graph", title, width, bottom, body)


def _lines_of(lines: Sequence[str], x: float) -> str:
    """Return the lines of a label as SVG text content, one tspan a line after the first."""
    first, *rest = lines
    return _esc(first) + "".join(
        f'<tspan x="{_num(x)}" dy="{_num(_LINE)}">{_esc(line)}</tspan>' for line in rest
    )


def _order(
    left: list[str],
    right: list[str],
    near: dict[str, set[str]],
    ups: dict[str, str],
    key: Callable[[str], tuple[int, str, str]],
) -> tuple[list[str], list[str]]:
    """Return both columns ordered so that links cross as little as a few passes manage."""
    right = sorted(right, key=key)
    left = sorted(left, key=key)
    for _ in range(2):
        left = _as_tree(left, right, near, ups, key)
        where = _places(left)
        right = sorted(
            right, key=lambda id: (key(id)[0], _centre([id], where, near) or 2.0, key(id))
        )
    return left, right


def _places(column: Sequence[str]) -> dict[str, float]:
    """Return each record's place in a column, from 0 to 1."""
    return {id: (index + 0.5) / len(column) for index, id in enumerate(column)}


def _centre(ids: Iterable[str], where: dict[str, float], near: dict[str, set[str]]) -> float | None:
    """Return the mean place of the records' neighbours in the facing column, if any."""
    found = sorted(where[other] for id in ids for other in near[id] if other in where)
    return sum(found) / len(found) if found else None


def _as_tree(
    column: list[str],
    facing: list[str],
    near: dict[str, set[str]],
    ups: dict[str, str],
    key: Callable[[str], tuple[int, str, str]],
) -> list[str]:
    """Return the actors with each one's parts right below it, in facing order."""
    where = _places(facing)
    inside = set(column)
    below: dict[str, list[str]] = {id: [] for id in column}
    for id in column:
        up = ups.get(id)
        if up is not None and up in inside:
            below[up].append(id)

    def members(id: str, seen: set[str]) -> list[str]:
        seen.add(id)
        found = [id]
        for part in below[id]:
            if part not in seen:
                found += members(part, seen)
        return found

    def weight(id: str) -> tuple[float, tuple[int, str, str]]:
        return (_centre(members(id, set()), where, near) or 2.0, key(id))

    placed: list[str] = []
    done: set[str] = set()

    def emit(id: str) -> None:
        done.add(id)
        placed.append(id)
        for part in sorted(below[id], key=weight):
            if part not in done:
                emit(part)

    roots = [id for id in column if ups.get(id) not in inside]
    for root in sorted(roots, key=weight):
        emit(root)
    for id in column:  # Records in a loop of "part of": start the loop anywhere.
        if id not in done:
            emit(id)
    return placed


Curve = tuple[Point, Point, Point, Point]


def _curve(
    edge: _Edge,
    places: dict[str, Point],
    focus: str | None,
    left: Sequence[str],
    right: Sequence[str],
    centre_x: float,
) -> tuple[Curve, tuple[float, ...]]:
    """Return the cubic curve that draws a link, and where along it a label may sit."""
    a, b = edge.a, edge.b
    if b == focus or (a in right and b in left):
        a, b = b, a
    (x1, y1), (x2, y2) = places[a], places[b]
    if a == focus:
        third = ((x2 - x1) / 3, (y2 - y1) / 3)
        curve = ((x1, y1), (x1 + third[0], y1 + third[1]), (x2 - third[0], y2 - third[1]))
        tries: tuple[float, ...] = (0.76, 0.64, 0.52, 0.4)
    elif (a in left) != (b in left):
        mid = (x1 + x2) / 2
        curve = ((x1, y1), (mid, y1), (mid, y2))
        tries = (0.5, 0.38, 0.62, 0.28, 0.72)
    else:
        column = left if a in left else right
        apart = abs(column.index(a) - column.index(b))
        qx = x1 + min(36 + 8 * apart, 120.0) * (1 if x1 < centre_x else -1)
        qy = (y1 + y2) / 2
        # The quadratic curve through (qx, qy), written as a cubic one.
        curve = (
            (x1, y1),
            (x1 + 2 * (qx - x1) / 3, y1 + 2 * (qy - y1) / 3),
            (x2 + 2 * (qx - x2) / 3, y2 + 2 * (qy - y2) / 3),
        )
        tries = (0.5, 0.36, 0.64)
    points = (*curve, (x2, y2))
    if (a, b) != (edge.a, edge.b):  # along the link as it is read, from edge.a
        points = points[::-1]
        tries = tuple(1 - t for t in tries)
    return points, tries


def _draw_edge(edge: _Edge, names: dict[str, str], points: Curve) -> str:
    """Return one link as a path, an image named by what it says in words."""
    path = f"M{_num(points[0][0])} {_num(points[0][1])} C"
    path += " ".join(f"{_num(x)} {_num(y)}" for x, y in points[1:])
    title = _esc(f"{names[edge.a]} \u2014 {edge.label} \u2014 {names[edge.b]}")
    return (
        f'<g role="img" aria-label="{title}"><title>{title}</title>'
        f'<path class="bf-edge" d="{path}"/></g>'
    )


def _label_groups(edges: Sequence[_Edge]) -> list[tuple[str | None, list[_Edge]]]:
    """Return the links sharing a label at one record, each group labelled once there.

    A record with several links of one kind ("at issue", "part of") gets one label where
    its lines fan out, not one label per line stacked on one spot. The record is None
    for a link whose label is its own.
    """
    ends: dict[tuple[str, str], list[_Edge]] = {}
    for edge in edges:
        for end in (edge.a, edge.b):
            ends.setdefault((end, edge.label), []).append(edge)
    groups: list[tuple[str | None, list[_Edge]]] = []
    done: set[_Edge] = set()
    for (end, _), shared in sorted(ends.items(), key=lambda item: (-len(item[1]), item[0])):
        rest = [edge for edge in shared if edge not in done]
        if len(rest) > 1:
            groups.append((end, rest))
            done.update(rest)
    groups += [(None, [edge]) for edge in edges if edge not in done]
    return groups


def _edge_label(
    group: tuple[str | None, list[_Edge]],
    curves: dict[_Edge, tuple[Curve, tuple[float, ...]]],
    boxes: list[_Box],
) -> str:
    """Return the label of a group of links where it overlaps nothing, or "" if nowhere."""
    hub, edges = group
    label = edges[0].label
    half = _width(label, _EDGE_FONT) / 2 + 2
    spots: list[Point] = []
    for edge in edges:
        points, tries = curves[edge]
        if hub is not None:  # near the shared record, where the lines have not yet parted
            tries = (0.22, 0.3, 0.38, 0.5) if hub == edge.a else (0.78, 0.7, 0.62, 0.5)
        # A line between two records of one column bulges sideways: beside its bulge,
        # away from the column, is room that its own records' labels do not take.
        bulge = points[1][0] - points[0][0]
        one_column = abs(points[3][0] - points[0][0]) < 1 and abs(bulge) >= 1
        aside = (half + 3) * (1 if bulge > 0 else -1) if one_column else 0.0
        for t in tries:
            x, y = _bezier(points, t)
            spots += [(x, y), (x + aside, y)] if aside else [(x, y)]
    for x, y in spots:
        box = _Box(x - half, y - 10, x + half, y + 9)
        if not any(box.hits(other) for other in boxes):
            boxes.append(box)
            return (
                f'<text class="bf-faint bf-halo" x="{_num(x)}" y="{_num(y + 4)}" '
                f'text-anchor="middle">{_esc(label)}</text>'
            )
    return ""


def _bezier(points: Curve, t: float) -> Point:
    """Return the point at t along a cubic curve."""
    u = 1 - t
    weights = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
    return (
        sum(w * x for w, (x, _) in zip(weights, points, strict=True)),
        sum(w * y for w, (_, y) in zip(weights, points, strict=True)),
    )


def _legend(kinds: Sequence[str]) -> str:
    """Return a row naming the shape of each kind shown."""
    parts: list[str] = []
    x = 16.0
    for kind in kinds:
        name = _KIND_NAMES[kind]
        parts.append(_shape(kind, x + 6, 16, 0.8))
        parts.append(f'<text class="bf-faint" x="{_num(x + 16)}" y="{_num(19.5)}">{name}</text>')
        x += 16 + _width(name, _EDGE_FONT) + 18
    return f"<g{_HIDDEN}>" + "".join(parts) + "</g>"


# --- Timeline ----------------------------------------------------------------------------

_TIME_WIDTH = _GRAPH_WIDTH
_TIME_LEFT = 24.0
_TIME_RIGHT = _TIME_WIDTH - 24.0
_AXIS_Y = 30.0
_LANES_TOP = 44.0
_LANE = 34.0
_TIME_FONT = 13.0
_TIME_CHARS = int((_TIME_WIDTH - 8) / _width("x", _TIME_FONT))
"""The longest timeline label that fits the picture's width, ellipsis included."""


def timeline_chart(
    items: list[tuple[PartialDate, str, str]],
    page: str,
    directory_urls: bool = True,
    when: Mapping[str, str] | None = None,
) -> str:
    """Return an SVG time axis with each dated item as a linked marker, or "" if none.

    Items are (date, label, link target); the marker is drawn at the date. `when` gives,
    by target, the words that name an item's date where they say more than the date
    drawn ("12 September 2017 / between 2016 and 2019 (sources differ)"). Links are URLs as the
    site serves them, with or without `directory_urls`.
    """
    said = when or {}
    if not items:
        return ""
    ordered = sorted(items, key=lambda item: (item[0].sort_key(), item[1], item[2]))
    spans = [
        (dt.date(*date.first_day()).toordinal(), dt.date(*date.last_day()).toordinal() + 1)
        for date, _, _ in ordered
    ]
    origin, end, minor, marked = _time_axis(
        dt.date.fromordinal(min(start for start, _ in spans)),
        dt.date.fromordinal(max(end for _, end in spans) - 1),
    )
    scale = (_TIME_RIGHT - _TIME_LEFT) / (end - origin)

    def x_of(ordinal: float) -> float:
        return _TIME_LEFT + (ordinal - origin) * scale

    grid: list[str] = []
    ticks: list[str] = [
        f'<path class="bf-axis" d="M{_num(_TIME_LEFT)} {_num(_AXIS_Y)} H{_num(_TIME_RIGHT)}"/>'
    ]
    for ordinal in minor:
        x = x_of(ordinal)
        ticks.append(f'<path class="bf-axis" d="M{_num(x)} {_num(_AXIS_Y)} V{_num(_AXIS_Y + 3)}"/>')
    for ordinal, words in marked:
        x = x_of(ordinal)
        ticks.append(
            f'<path class="bf-axis" d="M{_num(x)} {_num(_AXIS_Y - 4)} V{_num(_AXIS_Y + 4)}"/>'
            f'<text class="bf-faint" x="{_num(x)}" y="{_num(_AXIS_Y - 8)}" '
            f'text-anchor="middle">{words}</text>'
        )

    lanes: list[float] = []
    marks: list[str] = []
    kinds: set[str] = set()
    for (date, label, target), (start, end) in zip(ordered, spans, strict=True):
        approximate = date.start.approximate or (date.end is not None and date.end.approximate)
        is_span = end - start > 1
        shown = _clip(label, _TIME_CHARS)
        wide = _width(shown, _TIME_FONT)
        if is_span:
            left, right = x_of(start), max(x_of(end), x_of(start) + 4)
        else:
            left, right = x_of(start + 0.5) - 5, x_of(start + 0.5) + 5
        text_x = max(4.0, min(left, _TIME_WIDTH - 4 - wide))
        reach = (min(left, text_x), max(right, text_x + wide))
        lane = next((i for i, used in enumerate(lanes) if used + 10 <= reach[0]), len(lanes))
        if lane == len(lanes):
            lanes.append(reach[1])
        else:
            lanes[lane] = reach[1]
        top = _LANES_TOP + lane * _LANE
        style = "bf-mark" + (" bf-approx" if approximate else (" bf-bar" if is_span else ""))
        kinds.add(("span" if is_span else "day") + (" approx" if approximate else ""))
        if is_span:
            marker = (
                f'<rect class="{style}" x="{_num(left)}" y="{_num(top + 16)}" '
                f'width="{_num(right - left)}" height="8" rx="3"/>'
            )
        else:
            marker = (
                f'<circle class="{style}" cx="{_num(left + 5)}" cy="{_num(top + 20)}" r="4.5"/>'
            )
        href = _esc(site_href(page, target, directory_urls))
        marks.append(
            f'<a href="{href}"><title>{_esc(said.get(target, date.words()))}: {_esc(label)}</title>'
            f"{marker}"
            f'<text class="bf-halo" x="{_num(text_x)}" y="{_num(top + 10)}">{_esc(shown)}</text>'
            "</a>"
        )
    bottom = _LANES_TOP + len(lanes) * _LANE
    for ordinal, _ in marked:
        x = x_of(ordinal)
        grid.append(f'<path class="bf-grid" d="M{_num(x)} {_num(_AXIS_Y + 4)} V{_num(bottom)}"/>')
    key, height = _time_legend(kinds, bottom + 4)
    first, last = ordered[0][0], ordered[-1][0]
    counted = _plural(len(ordered), "dated item", "dated items")
    title = f"Timeline of {counted}, from {first.words()} to {last.words()}"
    axis = f"<g{_HIDDEN}>" + "".join(grid + ticks) + "</g>"
    return _svg("timeline", title, _TIME_WIDTH, height, [axis, *marks, key])


def _time_axis(first: dt.date, last: dt.date) -> tuple[int, int, list[int], list[tuple[int, str]]]:
    """Return a time axis for days from `first` to `last`, as proleptic ordinals: where it
    starts and ends, its small ticks, and its labelled ticks with their labels.

    Within one month (a timeline's month page), the axis is that month, a tick a day and
    a label a week ("8 Mar"); otherwise whole years, a tick a month over three years at
    most and a label every 1, 2, 5, 10... years, at most about twelve.
    """
    if (first.year, first.month) == (last.year, last.month):
        start = first.replace(day=1)
        after = (start + dt.timedelta(days=31)).replace(day=1)
        days = range(start.toordinal(), after.toordinal())
        month = MONTHS[start.month - 1][:3]
        marked = [(day, f"{dt.date.fromordinal(day).day} {month}") for day in days[::7]]
        return start.toordinal(), after.toordinal(), list(days[1:]), marked
    first_year, last_year = first.year, last.year + 1
    years = last_year - first_year
    months = [(year, month) for year in range(first_year, last_year) for month in range(2, 13)]
    minor = [dt.date(*month, 1).toordinal() for month in months] if years <= 3 else []
    step = next((s for s in (1, 2, 5, 10, 25, 50, 100) if years / s <= 12), 250)
    marked = [
        (dt.date(year, 1, 1).toordinal(), str(year))
        for year in range(first_year, last_year + 1)
        if year % step == 0
    ]
    return (
        dt.date(first_year, 1, 1).toordinal(),
        dt.date(last_year, 1, 1).toordinal(),
        minor,
        marked,
    )


def _time_legend(kinds: set[str], top: float) -> tuple[str, float]:
    """Return a row saying what the marker styles mean, and the height it reaches."""
    entries = [
        ("day", "a day", '<circle class="bf-mark" cx="{x}" cy="{y}" r="4.5"/>'),
        (
            "span",
            "a month, a year or a span",
            '<rect class="bf-mark bf-bar" x="{x0}" y="{y0}" width="16" height="8" rx="3"/>',
        ),
        (
            "approx",
            "approximate",
            '<rect class="bf-mark bf-approx" x="{x0}" y="{y0}" width="16" height="8" rx="3"/>',
        ),
    ]
    present = {
        "day": "day" in kinds,
        "span": "span" in kinds,
        "approx": any(kind.endswith(" approx") for kind in kinds),
    }
    parts: list[str] = []
    x, y = _TIME_LEFT, top + 10
    for name, words, shape in entries:
        if not present[name]:
            continue
        parts.append(
            shape.format(x=_num(x + 8), y=_num(y), x0=_num(x), y0=_num(y - 4))
            + f'<text class="bf-faint" x="{_num(x + 22)}" y="{_num(y + 3.5)}">{words}</text>'
        )
        x += 22 + _width(words, _EDGE_FONT) + 18
    return f"<g{_HIDDEN}>" + "".join(parts) + "</g>", top + 24
