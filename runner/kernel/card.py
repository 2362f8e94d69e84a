"""The dataset card in the notebook: its Markdown rendered with raw HTML off, then sanitised.

Everything on a card is untrusted (a description downloaded from OpenML or
UCI or read from an ARFF file's comments, a title taken from a file name,
column names from a file's header), and what a notebook cell displays is
trusted by JupyterLab: HTML there runs.  So the card is shown in two steps,
each enough on its own:

1. :meth:`runner.sources.base.Card.to_markdown` writes the untrusted strings
   inert (names in code spans they cannot leave, every ``<`` as ``&lt;``);
2. markdown-it renders it with ``html`` off (raw HTML stays text) and its
   link validation on, and ``nh3`` (the Ammonia sanitiser) keeps only the
   tags and attributes in :data:`TAGS` and :data:`ATTRIBUTES` and only http,
   https and mailto links.

``card.md`` in the drill folder (JupyterLab renders Markdown files too) is
rewritten in its inert form when it differs, so drills made before this
change are fixed the first time their card is shown.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from runner import atomic
from runner.sources.base import Card

#: The only tags a rendered card may contain (what Markdown with tables produces, minus images:
#: a remote image would be a request from the learner's browser to wherever a description says).
TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
        "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def card_html(markdown: str) -> str:
    """Safe HTML for a card's Markdown: rendered with raw HTML off, then sanitised."""
    import nh3
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return nh3.clean(rendered, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")


def card_markdown(card_json: dict, card_md: Path) -> str:
    """The card's inert Markdown, from ``card.json``; ``card_md`` is rewritten to it when it differs."""
    text = Card.from_json(card_json).to_markdown()
    try:
        current = card_md.read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != text:
        with contextlib.suppress(OSError):  # a read-only drill folder still shows a safe card
            atomic.write_text(card_md, text)
    return text
