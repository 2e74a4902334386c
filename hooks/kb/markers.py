"""Table markers in pages and the HTML they become.

A page places a table with a marker line, e.g. `<!-- table: models family=qwen -->` or
`<!-- table: models columns=variant,params,context -->`. Unknown tables, filters, filter values
and columns raise TableError. All data text is escaped by the Jinja template (autoescape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import jinja2

from kb.cells import Link, RenderContext
from kb.i18n import language_of_source, page_url
from kb.loader import SiteData
from kb.registry import TABLES
from kb.ui import ui

MARKER = re.compile(r"^[ \t]*<!--\s*table:(?P<body>.*?)-->[ \t]*$", re.MULTILINE)
_OPTION = re.compile(r"^(?P<key>[a-z_]+)=(?P<value>[A-Za-z0-9_,.\-]+)$")

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class TableError(Exception):
    """A table marker asks for something that does not exist."""


@dataclass(frozen=True)
class Request:
    table: str
    filters: dict[str, tuple[str, ...]]
    columns: tuple[str, ...] | None


def check_markers(docs_dir: Path, data: SiteData) -> list[str]:
    """Render every marker of every page once, so a bad marker stops the build before any page is written."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        language = language_of_source(src)
        try:
            render_markers(path.read_text(encoding="utf-8"), data, RenderContext(language, page_url(src, language)))
        except TableError as error:
            problems.append(f"docs/{src}: {error}")
    return problems


def render_markers(markdown: str, data: SiteData, ctx: RenderContext) -> str:
    """Replace every table marker in a page's Markdown by its HTML table."""
    if "<!--" not in markdown:
        return markdown
    markers = {m.start() + m.group(0).index("<!--") for m in MARKER.finditer(markdown)}
    for stray in re.finditer(r"<!--\s*tables?\b", markdown):
        if stray.start() not in markers:
            raise TableError(f"malformed table marker {markdown[stray.start():stray.start() + 40]!r}: write <!-- table: NAME … --> on its own line")
    return MARKER.sub(lambda m: "\n" + render_table(parse_marker(m["body"]), data, ctx) + "\n", markdown)


def parse_marker(body: str) -> Request:
    words = body.split()
    if not words:
        raise TableError("empty table marker: write <!-- table: NAME [filter=value] [columns=a,b] -->")
    name, options = words[0], words[1:]
    if name not in TABLES:
        raise TableError(f"unknown table {name!r} (known: {', '.join(sorted(TABLES))})")
    table = TABLES[name]
    filters: dict[str, tuple[str, ...]] = {}
    columns: tuple[str, ...] | None = None
    for option in options:
        match = _OPTION.match(option)
        if not match:
            raise TableError(f"table {name!r}: malformed option {option!r} (expected key=value)")
        key, values = match["key"], tuple(match["value"].split(","))
        if key == "columns":
            known = [c.key for c in table.columns]
            unknown = [c for c in values if c not in known]
            if unknown:
                raise TableError(f"table {name!r}: unknown column(s) {', '.join(unknown)} (known: {', '.join(known)})")
            columns = values
        elif key in table.filters and key not in table.preset:
            filters[key] = values
        else:
            allowed = sorted(set(table.filters) - set(table.preset))
            raise TableError(f"table {name!r}: unknown filter {key!r} (filters: {', '.join(allowed) or 'none'}; or columns=)")
    return Request(name, filters, columns)


@dataclass(frozen=True)
class TableContent:
    """What a marker's table holds, before it is written as HTML or Markdown: the same rows for both."""

    table_id: str
    caption: str
    columns: tuple
    rows: list[dict]
    sourced: bool


def table_content(request: Request, data: SiteData, ctx: RenderContext) -> TableContent:
    table = TABLES[request.table]
    if table.data_file not in data.tables:
        raise TableError(f"table {request.table!r}: data/{table.data_file}.yml does not exist")
    rows = list(data.rows(table.data_file))
    for key, value in table.preset.items():
        rows = [row for row in rows if table.filters[key](row) == value]
    for key, wanted in request.filters.items():
        present = {table.filters[key](row) for row in rows}
        missing = [value for value in wanted if value not in present]
        if missing:
            raise TableError(f"table {request.table!r}: filter {key}={','.join(missing)} matches no entry")
        rows = [row for row in rows if table.filters[key](row) in wanted]

    columns = table.columns
    caption = ctx.t(table.caption)
    named = table.caption_filter
    if request.columns:
        columns = tuple(c for key in request.columns for c in table.columns if c.key == key)
    elif named and len(request.filters.get(named.key, ())) == 1:
        columns = tuple(c for c in columns if c.key != named.redundant_column)
    if named and named.key in request.filters:
        values = ctx.ui("list_separator").join(named.names[v] for v in request.filters[named.key])
        caption = ctx.ui("caption_filter", caption=caption, values=values)

    body = []
    for row in rows:
        sources: tuple[Link, ...] = ()
        if table.sourced:
            sources = tuple(Link(s.title, s.url) for s in row.sources)
            if table.lead_source:
                field_name, label = table.lead_source
                url = getattr(row, field_name)
                if url and all(link.href != url for link in sources):
                    sources = (Link(ctx.ui(label), url),) + sources
        body.append({
            "id": row.id,
            "cells": [column.cell(ctx, row) for column in columns],
            "sources": sources,
            "checked": row.verified_on if table.sourced else None,
        })
    return TableContent(
        table_id=f"table-{request.table}" + "".join(f"-{'-'.join(v)}" for v in request.filters.values()),
        caption=caption,
        columns=columns,
        rows=body,
        sourced=table.sourced,
    )


def render_table(request: Request, data: SiteData, ctx: RenderContext) -> str:
    content = table_content(request, data, ctx)
    table = TABLES[request.table]
    card = table.card_positions(tuple(c.key for c in content.columns), ctx.language)
    return _TEMPLATES.get_template("table.html").render(
        table_id=content.table_id,
        caption=content.caption,
        columns=[{"label": ctx.t(c.header), "numeric": c.numeric, "prose": c.prose, "card": card[c.key]}
                 for c in content.columns],
        rows=content.rows,
        sourced=content.sourced,
        ui={key: ui(key, ctx.language) for key in ("sources", "checked")},
        language=ctx.language,
    ).strip()


# ── The same tables as Markdown (the pages' Markdown twins, kb.agent_outputs) ─────────────────

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def markdown_text(text: str) -> str:
    """Data text (plain, may hold any character) as Markdown that shows exactly that text in a table cell."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markers_markdown(markdown: str, data: SiteData, ctx: RenderContext, page_base: str) -> str:
    """Replace every table marker by a Markdown table with the same rows and cells as the HTML one.

    `page_base` is the page's absolute URL: the cells' relative links are resolved against it."""
    if "<!--" not in markdown:
        return markdown  # malformed markers have stopped the build already (check_markers, on_config)
    return MARKER.sub(lambda m: "\n" + render_table_markdown(parse_marker(m["body"]), data, ctx, page_base) + "\n", markdown)


def render_table_markdown(request: Request, data: SiteData, ctx: RenderContext, page_base: str) -> str:
    content = table_content(request, data, ctx)

    def link(text: str, href: str | None) -> str:
        if not href:
            return markdown_text(text)
        return f"[{markdown_text(text)}]({urljoin(page_base, href)})"

    header = [markdown_text(ctx.t(c.header)) for c in content.columns]
    rule = ["---:" if c.numeric else "---" for c in content.columns]
    if content.sourced:
        header.append(markdown_text(ui("sources", ctx.language)))
        rule.append("---")
    lines = [f"**{markdown_text(content.caption)}**", "", "| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    for row in content.rows:
        cells = [link(cell.text, cell.href) for cell in row["cells"]]
        if content.sourced:
            parts = [link(source.text, source.href) for source in row["sources"]]
            parts.append(f"{markdown_text(ui('checked', ctx.language))} {row['checked']}")
            cells.append(ui("item_separator", ctx.language).join(parts))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
