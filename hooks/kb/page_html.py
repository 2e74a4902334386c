"""Every rewrite of a page's HTML, in one pipeline with a declared order.

Python-Markdown and pymdownx write the HTML these steps match; when an upgrade changes that markup,
a regular expression silently matches nothing. So each step declares what it expects to find and
what it leaves behind: a page that has the first and not, afterwards, the second stops the build
with the step named (RewriteError), instead of publishing a page that lost the rewrite.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html import escape
from typing import Callable

from latex2mathml.converter import convert

from kb.i18n import DEFAULT_LANGUAGE
from kb.ui import ui


class RewriteError(Exception):
    """A page cannot be rewritten: bad input in the page, or markup a step no longer recognises."""


@dataclass(frozen=True)
class PageContext:
    where: str  # the page's source path, for messages
    language: str
    configured_permalink_title: str  # toc.permalink_title in mkdocs.yml (one value for all languages)


@dataclass(frozen=True)
class Step:
    name: str
    rewrite: Callable[[str, PageContext], str]
    # If the page has `expects` before the step, it must have `leaves` after it.
    expects: re.Pattern
    leaves: Callable[[PageContext], re.Pattern]


def rewrite_page(html: str, ctx: PageContext) -> str:
    for step in PIPELINE:
        had = step.expects.search(html) is not None
        html = step.rewrite(html, ctx)
        if had and not step.leaves(ctx).search(html):
            raise RewriteError(
                f"{ctx.where}: HTML step {step.name!r} found {step.expects.pattern!r} but left no "
                f"{step.leaves(ctx).pattern!r}: the markup it rewrites has changed (kb/page_html.py)"
            )
    return html


# ── Math: LaTeX → MathML at build time (no MathJax, nothing downloaded by the reader) ──────────

# arithmatex (generic mode) wraps inline math as \( … \) in a span and display math as \[ … \] in a div.
_MATH_INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.DOTALL)
_MATH_BLOCK = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")


def render_math(html: str, ctx: PageContext) -> str:
    def to_mathml(latex_escaped: str, display: str) -> str:
        latex = html_lib.unescape(latex_escaped).strip()
        try:
            mathml = convert(latex, display=display)
        except Exception as error:  # latex2mathml raises several unrelated types
            raise RewriteError(f"{ctx.where}: cannot render math {latex!r}: {type(error).__name__} {error}") from error
        unknown = _UNKNOWN_COMMAND.search(mathml)
        if unknown:  # latex2mathml prints commands it does not know as text instead of failing
            raise RewriteError(f"{ctx.where}: cannot render math {latex!r}: unsupported command {unknown.group(1)}")
        return mathml

    html = _MATH_BLOCK.sub(lambda m: f'<div class="arithmatex">{to_mathml(m.group(1), "block")}</div>', html)
    return _MATH_INLINE.sub(lambda m: f'<span class="arithmatex">{to_mathml(m.group(1), "inline")}</span>', html)


# ── Heading ids: explicit ASCII ids only; the h1 is the page, not a section ─────────────────────

_H1 = re.compile(r'<h1 id="[^"]*">(.*?)(?:<a class="headerlink"[^>]*>[^<]*</a>)?</h1>', re.DOTALL)
_FALLBACK_ID = re.compile(r'<h([2-6]) id="(_\d+)">(.*?)<a class="headerlink"', re.DOTALL)
_NON_ASCII_ID = re.compile(r'<h([2-6]) id="([^"]*[^\x00-\x7f][^"]*)">(.*?)<a class="headerlink"', re.DOTALL)


def check_heading_ids(html: str, ctx: PageContext) -> str:
    """Fail on toc's generated ids (`_1`, `%E5…`): they change when a heading is added and differ
    between the languages, so a pasted link would break. Drop the h1's id and permalink."""
    for pattern in (_FALLBACK_ID, _NON_ASCII_ID):
        match = pattern.search(html)
        if match:
            heading = re.sub(r"<[^>]+>", "", match.group(3)).strip()
            raise RewriteError(
                f"{ctx.where}: heading h{match.group(1)} {heading!r} has the generated id {match.group(2)!r}; "
                "give it an explicit ASCII id shared by both languages, e.g. '## 標題 {#my-section}'"
            )
    return _H1.sub(lambda m: f"<h1>{m.group(1)}</h1>", html, count=1)


def translate_permalink_titles(html: str, ctx: PageContext) -> str:
    return html.replace(f'title="{ctx.configured_permalink_title}"', f'title="{escape(ui("permalink", ctx.language))}"')


# ── Section links: "copy link" buttons in every h2–h6, rendered here so no heading is restyled
#    while the page loads (docs/assets/javascripts/section-links.js handles the clicks) ─────────

_PERMALINK = re.compile(r'(<h[2-6] id="[^"]+">.*?<a class="headerlink"[^>]*>[^<]*</a>)(</h[2-6]>)', re.DOTALL)


def add_section_links(html: str, ctx: PageContext) -> str:
    buttons = "".join(
        f'<button type="button" class="kb-section-links__button kb-section-links__button--{kind}" '
        f'data-kb-copy="{kind}" aria-label="{escape(label)}" title="{escape(label)}"></button>'
        for kind, label in (("link", ui("copy_link", ctx.language)), ("markdown", ui("copy_markdown_link", ctx.language)))
    )
    return _PERMALINK.sub(lambda m: f'{m.group(1)}<span class="kb-section-links">{buttons}</span>{m.group(2)}', html)


# ── Tables written in Markdown: cards at phone widths, as the generated ones (table.html) ──────
#    Each cell gets its column's label (data-label, shown by extra.css before the value), the first
#    cell is the card's title, and explicit ARIA roles keep the table a table for assistive
#    technology when extra.css changes its display. Tables of two columns fit a phone as they are.

CARDS_MIN_COLUMNS = 3
_MARKDOWN_TABLE = re.compile(r"<table>\s*<thead>(?P<head>.*?)</thead>(?P<body>.*?)</table>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_DATA_CELL = re.compile(r"<td\b")


def label_table_cells(html: str, ctx: PageContext) -> str:
    def label(match: re.Match) -> str:
        head, body = match["head"], match["body"]
        labels = [re.sub(r"<[^>]+>", "", text).strip() for _, text in _HEADER_CELL.findall(head)]
        if len(labels) < CARDS_MIN_COLUMNS:
            return match.group(0)
        head = _HEADER_CELL.sub(lambda m: f'<th role="columnheader"{m.group(1)}>{m.group(2)}</th>', head)
        head = head.replace("<tr>", '<tr role="row">')

        def row(m: re.Match) -> str:
            cells = iter(range(len(labels) + 1))

            def cell(_: re.Match) -> str:
                index = next(cells)
                if index >= len(labels):
                    raise RewriteError(f"{ctx.where}: a table row has more cells than the table has columns")
                title = " data-kb-card-title" if index == 0 else ""
                # Header text arrives escaped from Markdown: unescape, then escape once for the attribute.
                return f'<td role="cell" data-label="{escape(html_lib.unescape(labels[index]))}"{title}'

            return '<tr role="row">' + _DATA_CELL.sub(cell, m.group(1)) + "</tr>"

        body = body.replace("<tbody>", '<tbody role="rowgroup">', 1)
        return (f'<table data-kb-cards role="table">\n<thead role="rowgroup">{head}</thead>'
                f'{_ROW.sub(row, body)}</table>')

    return _MARKDOWN_TABLE.sub(label, html)


# ── Tables: each in a host of its own (it skips rendering below the first screen, extra.css) ───

_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)


def host_tables(html: str, ctx: PageContext) -> str:
    def host(match: re.Match) -> str:
        table = match.group(0)
        if "<table" in table[len("<table"):]:
            raise RewriteError(f"{ctx.where}: a table inside a table cell is not supported (write it as a list or a separate table)")
        cards = " kb-table-host--cards" if re.match(r"<table\b[^>]*\bdata-kb-cards\b", table) else ""
        return f'<div class="kb-table-host{cards}">{table}</div>'

    return _TABLE.sub(host, html)


# ── Footnotes: their count, for the height extra.css reserves while the list skips rendering;
#    and out of the search index: readers search for what a page says, not for what it cites, and
#    the citations were a sixth of the index's words, each one costing a search link time to index ──

_FOOTNOTES = '<div class="footnote">'  # Python-Markdown's footnotes extension, always last
_FOOTNOTE_ITEM = re.compile(r'<li id="fn:')


def mark_footnotes(html: str, ctx: PageContext) -> str:
    start = html.find(_FOOTNOTES)
    if start < 0:
        return html
    # Counted to the end of the page, not to the next </div>: a footnote may hold a block of its own.
    count = len(_FOOTNOTE_ITEM.findall(html, start))
    marked = f'<div class="footnote" data-search-exclude style="--kb-footnotes: {count}">'
    return html[:start] + marked + html[start + len(_FOOTNOTES):]


# ── Code blocks: focusable from the start, so the keyboard can scroll one before Material has
#    set it up (content.lazy sets blocks up only when they scroll into view; WCAG 2.1.1) ───────

_CODE = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*"><pre[^>]*><span></span>)<code>')


def make_code_focusable(html: str, ctx: PageContext) -> str:
    return _CODE.sub(r'\1<code tabindex="0">', html)


# ── Chinese text on other languages' pages marked lang="zh-TW" (WCAG 3.1.2); code, math,
#    scripts and attribute values left alone ─────────────────────────────────────────────────

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff65]*")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_NOT_TEXT = {"code", "pre", "script", "style", "math", "textarea", "title"}


def mark_chinese(html: str, ctx: PageContext) -> str:
    if ctx.language == DEFAULT_LANGUAGE:
        return html
    out, position, skipping = [], 0, []
    for tag in _TAG.finditer(html):
        text = html[position:tag.start()]
        out.append(text if skipping else _wrap_han(text))
        out.append(tag.group(0))
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _NOT_TEXT and not self_closing:
            if closing and skipping and skipping[-1] == name:
                skipping.pop()
            elif not closing:
                skipping.append(name)
        position = tag.end()
    out.append(html[position:] if skipping else _wrap_han(html[position:]))
    return "".join(out)


def _wrap_han(text: str) -> str:
    return _HAN_RUN.sub(lambda m: f'<span lang="{DEFAULT_LANGUAGE}">{m.group(0)}</span>', text)


# ── "Copy page as Markdown": a button under the page title, copying the page's Markdown twin
#    (index.md next to the page, kb.agent_outputs; section-links.js handles the click); its label
#    is kept out of the search index (data-search-exclude), or every page would match "Markdown" ──

# After the title and, where the page has one, its check date (hooks/page_dates.py).
_H1_DONE = re.compile(r'</h1>(?:\s*<p class="kb-checked">.*?</p>)?', re.DOTALL)


def add_copy_page_button(html: str, ctx: PageContext) -> str:
    # Material's md-button, made small in extra.css so it does not push the page's answer down.
    label = escape(ui("copy_page_markdown", ctx.language))
    button = (f'\n<p class="kb-page-markdown" data-search-exclude><button type="button" class="md-button" '
              f'data-kb-copy-page="index.md">{label}</button></p>')
    return _H1_DONE.sub(lambda m: m.group(0) + button, html, count=1)


def _fixed(pattern: str) -> Callable[[PageContext], re.Pattern]:
    compiled = re.compile(pattern)
    return lambda ctx: compiled


# ── The pipeline, in order ──────────────────────────────────────────────────────────────────

PIPELINE: tuple[Step, ...] = (
    Step("math", render_math, re.compile(r'class="arithmatex">\\[\[(]'), _fixed(r'class="arithmatex"><math')),
    Step("heading ids", check_heading_ids, re.compile(r"<h1 id="), _fixed(r"<h1>")),
    Step("permalink titles", translate_permalink_titles, re.compile(r'<a class="headerlink"'),
         lambda ctx: re.compile(re.escape(f'title="{escape(ui("permalink", ctx.language))}"'))),
    # Needs the h1's permalink gone (heading ids) and the titles final (permalink titles).
    Step("section links", add_section_links, re.compile(r'<h[2-6] id="[^"]+">'), _fixed(r'<span class="kb-section-links">')),
    Step("table cells labelled", label_table_cells, re.compile(rf"<table>\s*<thead>\s*<tr>(?:\s*<th\b[^>]*>(?:(?!</t[hr]>).)*</th>){{{CARDS_MIN_COLUMNS}}}", re.DOTALL),
         _fixed(r'<td role="cell" data-label="[^"]*" data-kb-card-title')),
    Step("table hosts", host_tables, re.compile(r"<table\b"), _fixed(r'<div class="kb-table-host(?: kb-table-host--cards)?"><table\b')),
    Step("footnotes", mark_footnotes, re.compile(re.escape(_FOOTNOTES)), _fixed(r'data-search-exclude style="--kb-footnotes: \d+"')),
    Step("code focus", make_code_focusable, re.compile(r'class="[^"]*\bhighlight\b'), _fixed(r'<code tabindex="0">')),
    Step("copy page as Markdown", add_copy_page_button, re.compile(r"<h1>"), _fixed(r'\n<p class="kb-page-markdown"')),
    # Last: it wraps text, including any text the steps above added.
    Step("Chinese in other languages", mark_chinese,
         re.compile(r"<(?:p|li|td|th|h[1-6])\b[^>]*>[^<]*[\u3400-\u9fff]"),
         lambda ctx: re.compile(r"") if ctx.language == DEFAULT_LANGUAGE else re.compile(r'<span lang="zh-TW">')),
)
