"""Make untrusted text from the facts safe to place in Markdown pages.

Plain text (names, titles, quotes) becomes literal text: every character that HTML or
any enabled Markdown extension gives a meaning is written as a numeric character
reference, which Markdown passes through and the browser shows as the character.
Summaries keep inline Markdown (emphasis, code, paragraphs and lists) but lose raw
HTML, links, images, footnotes, attribute lists, headings, tables and admonitions.
"""

from __future__ import annotations

import re

# Characters with a meaning in HTML or in Markdown and its extensions (emphasis, code,
# links, footnotes, attribute lists, tables, admonitions, headings, lists, abbreviations).
_LITERAL = str.maketrans(
    {ch: f"&#{ord(ch)};" for ch in "&<>\"'`*_[]()#|!{}\\^~:+-=.$%@"}
    | {"\n": " ", "\r": " ", "\t": " "}
)
# In summaries, keep emphasis, code, paragraph breaks and simple lists.
_SUMMARY = str.maketrans({ch: f"&#{ord(ch)};" for ch in "&<>[]{}|!^\\:$%@"})
_LINE_START = re.compile(r"^([ \t]*)([#=>+]|-{3,}|\d+[.)])", re.MULTILINE)
# Four spaces or a tab would start a code block; three are as far as a summary indents.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# A line of three or more *, - or _ (spaces between allowed) is a horizontal rule.
_RULE = re.compile(r"^([ ]*)([*_-])(?=(?:[ ]*\2){2,}[ ]*$)", re.MULTILINE)
# Bidirectional overrides and isolates can reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def text(value: str) -> str:
    """Return plain text as literal inline Markdown, on one line."""
    return _BIDI.sub(_bidi_ref, value.translate(_LITERAL))


def summary(value: str) -> str:
    """Return a summary as inline Markdown with no HTML, links or block structure."""
    escaped = _INDENT.sub(lambda m: " " * min(len(m.group().expandtabs(4)), 3), value)
    escaped = escaped.translate(_SUMMARY)
    escaped = _LINE_START.sub(lambda m: m.group(1) + _refs(m.group(2)), escaped)
    escaped = _RULE.sub(lambda m: m.group(1) + _refs(m.group(2)), escaped)
    return _BIDI.sub(_bidi_ref, escaped)


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


def _refs(chars: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in chars)


def _bidi_ref(match: re.Match[str]) -> str:
    # Shown as a visible code point rather than obeyed: obeyed, it reorders the text.
    return f"&#10216;U+{ord(match.group()):04X}&#10217;"
