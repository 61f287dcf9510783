"""Make untrusted text from the facts safe to place in Markdown pages.

Escaping works by a whitelist, so that it is complete by construction rather than by a
list of the constructs it stops. Plain text (names, titles, quotes) keeps letters,
digits, spaces, ``,;?/`` and characters outside ASCII as they are (the direction
controls shown as visible code points), and ``.-'"():``, which mean something only at
the start of a line (a list, a rule, a heading's underline, a definition) or after a
``]`` (a link's address), except where the text starts: there the first of them (after
any digits, as in ``1.``), or a space, becomes a reference. Every other ASCII character
becomes a numeric character reference, which Markdown passes through and the browser
shows as the character. No Markdown syntax, inline or block, is made of the kept
characters, wherever the text is placed (a template never puts a ``]`` right before it,
and the text holds none of its own).

A summary is read as paragraphs (separated by blank lines) and bulleted items (lines
that start with ``-``, ``*`` or ``+`` and a space), and written back in a form of its
own making: each paragraph or item on one line, items as ``- ``, code spans as
``<code>`` around plain text, and the other text as plain text that also keeps
``.-'"()`` (which mean something only at a line's start) and ``*`` and ``_`` for
emphasis. A line starts with a letter, a character outside ASCII, a character
reference, ``- `` for an item, ``<code>``, or emphasis that opens on a word; nothing
else, so no line can open a heading, rule, list, code block, table, quote, HTML block,
footnote, definition, abbreviation, admonition or attribute list.

Text holding right-to-left letters is set between Unicode isolates (FSI, PDI), so that
it cannot reorder the text around it.
"""

from __future__ import annotations

import re

# ASCII characters that no Markdown syntax or HTML is made of: kept as they are.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,;?/")
# Kept in plain text too, but for the first of them where the text starts.
_INLINE = frozenset(".-'\"():")
_LITERAL = str.maketrans(
    {chr(c): f"&#{c};" for c in range(128) if chr(c) not in _PLAIN | _INLINE}
    | {"\n": " ", "\r": " ", "\t": " "}
)
# Where plain text starts: a space (four make a code block), or digits and then one of
# the characters that can start a block there ("- ", "1. ", "---", ": ") or follow a
# link's text ("(").
_LEAD = re.compile(r" |[0-9]*[.\-'\"():]")
# In summaries, where each line's start is seen to, punctuation that means something only
# there stays, and * and _ stay for emphasis.
_SUMMARY_PLAIN = _PLAIN | frozenset(".-'\"()")
_EMPHASIS = str.maketrans(
    {chr(c): f"&#{c};" for c in range(128) if chr(c) not in _SUMMARY_PLAIN | {"*", "_"}}
    | {"\n": " ", "\r": " ", "\t": " "}
)
# Bidirectional overrides and isolates can reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and others.
RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_BLANK = re.compile(r"\n[ \t\r]*\n")
_ITEM = re.compile(r"[ \t]*[-*+][ \t]+(?=\S)")
# A code span: a run of backticks, text, and a run of the same length.
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Emphasis that opens on a word can start a line: it is no rule, list or abbreviation.
_EMPHASIS_START = re.compile(r"[*_]{1,3}(?=[^\s*_])")
_SPACES = re.compile(r"[ \t\r\n]+")


def text(value: str) -> str:
    """Return plain text as literal inline Markdown, on one line, isolated if right-to-left."""
    escaped = value.translate(_LITERAL)
    lead = _LEAD.match(escaped)
    if lead is not None:
        at = lead.end() - 1
        escaped = f"{escaped[:at]}&#{ord(escaped[at])};{escaped[at + 1 :]}"
    return _isolated(_BIDI.sub(_bidi_ref, escaped), value)


def summary(value: str) -> str:
    """Return a summary as paragraphs and bulleted items of inline Markdown, nothing else.

    Emphasis (``*``, ``_``) and code spans keep their meaning; everything else is text.
    """
    blocks: list[str] = []
    for chunk in _BLANK.split(value.replace("\r\n", "\n")):
        paragraph: list[str] = []
        items: list[list[str]] = []
        for line in chunk.split("\n"):
            item = _ITEM.match(line)
            if item:
                items.append([line[item.end() :]])
            elif items:
                items[-1].append(line)  # a line under an item continues it
            else:
                paragraph.append(line)
        if any(part.strip() for part in paragraph):
            blocks.append(_line(paragraph))
        if items:
            blocks.append("\n".join("- " + _line(words) for words in items))
    return "\n\n".join(blocks)


def _line(lines: list[str]) -> str:
    """Return lines of summary text as one line of inline Markdown, safe to start a line."""
    joined = _SPACES.sub(" ", " ".join(lines)).strip()
    out: list[str] = []
    at = 0
    for match in _CODE.finditer(joined):
        out.append(_words(joined[at : match.start()]))
        out.append(f"<code>{text(match.group(2))}</code>")
        at = match.end()
    out.append(_words(joined[at:]))
    line = "".join(out)
    # _words has made every other ASCII character a reference already.
    first = joined[:1]
    kept = first in _SUMMARY_PLAIN and not first.isalpha()
    if kept or (first in "*_" and not _EMPHASIS_START.match(line)):
        line = f"&#{ord(first)};{line[1:]}"
    return _isolated(line, joined)


def _isolated(escaped: str, value: str) -> str:
    """Return escaped text between Unicode isolates if it holds right-to-left letters.

    Isolated, "سمير حداد" followed by ", 5 March 2019" keeps the 5 after the name;
    not isolated, the bidirectional algorithm draws the number on the name's far side.
    """
    return f"&#8296;{escaped}&#8297;" if RTL.search(value) else escaped


def _words(value: str) -> str:
    return _BIDI.sub(_bidi_ref, value.translate(_EMPHASIS))


def code(value: str) -> str:
    """Return plain text as an inline code span, on one line: literal and still legible.

    Nothing inside a code span is read as Markdown, HTML or a link, so this suits text
    shown outside the site (a job summary on GitHub), where character references in
    a terminal would be noise.
    """
    flat = _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", " ".join(value.splitlines()))
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    # A space each side keeps a leading or trailing backtick or space as written.
    padded = f" {flat} " if flat[:1] in ("`", " ") or flat[-1:] in ("`", " ") else flat
    return f"{fence}{padded or ' '}{fence}"


def tag(value: str) -> str:
    """Return a tag name holding only letters, digits, spaces and hyphens.

    Tags go into front matter and from there into the theme's own HTML, which does not
    escape them, so they keep only characters that mean nothing there.
    """
    kept = "".join(ch if ch.isalnum() or ch in " -" else " " for ch in value)
    return " ".join(kept.split())[:60]


def _bidi_ref(match: re.Match[str]) -> str:
    # Shown as a visible code point rather than obeyed: obeyed, it reorders the text.
    return f"&#10216;U+{ord(match.group()):04X}&#10217;"
