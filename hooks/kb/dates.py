"""Check dates readers can see: every page's `checked:` date under its title, and the What's new page.

Every page's front matter carries `checked: YYYY-MM-DD` (the date its facts were last checked against
their sources) and may carry `added: YYYY-MM-DD` (the date it was published). Data rows carry
`verified_on` and may carry `added`. The What's new page lists all of them, newest first, from the
pages and the data alone: the build never reads git history.

The What's new marker is `<!-- whats-new -->` on its own line; a malformed one raises DatesError.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.i18n import language_of_source
from kb.loader import SiteData
from kb.ui import ui

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.DOTALL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_H1 = re.compile(r"^# .*$", re.MULTILINE)
WHATS_NEW = re.compile(r"^[ \t]*<!--\s*whats-new\s*-->[ \t]*$", re.MULTILINE)
_STRAY = re.compile(r"<!--\s*whats[-_ ]?new", re.IGNORECASE)


class DatesError(Exception):
    """A page's check date is missing or malformed, or a What's new marker is malformed."""


@dataclass(frozen=True)
class PageDates:
    src: str  # docs-relative source path, e.g. "models/qwen.en.md"
    title: str
    checked: dt.date
    added: dt.date | None


@dataclass(frozen=True)
class Change:
    """One line of What's new: a page or a data row added or re-checked on a date."""

    date: dt.date
    added: bool
    label: str
    link: str  # docs-relative zh-TW page path (static-i18n points English pages at the English twin)
    table: str | None  # the data file's name for rows (kb.ui "table_<stem>"); None for pages


# ── Front matter ────────────────────────────────────────────────────────────


def front_matter(text: str) -> dict:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    # BaseLoader: every value stays a string, so the date check below sees what was written.
    meta = yaml.load(match["body"], Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    return meta if isinstance(meta, dict) else {}


def _date(meta: dict, key: str, *, required: bool) -> dt.date | None:
    if key not in meta:
        if required:
            raise DatesError(f"front matter has no '{key}:' date (write {key}: YYYY-MM-DD, the date its facts were last checked)")
        return None
    value = meta[key]
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise DatesError(f"front matter '{key}:' must be a date written YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DatesError(f"front matter '{key}:' is not a calendar date: {value!r}") from None


def page_dates(src: str, text: str) -> PageDates:
    meta = front_matter(text)
    checked = _date(meta, "checked", required=True)
    added = _date(meta, "added", required=False)
    if added and checked and added > checked:
        raise DatesError(f"front matter 'added: {added}' is later than 'checked: {checked}'")
    title = meta.get("title") or src
    return PageDates(src=src, title=str(title), checked=checked, added=added)


def scan_pages(docs_dir: Path) -> tuple[dict[str, PageDates], list[str]]:
    """Every page's dates, and a problem line per page whose dates are missing or malformed."""
    pages: dict[str, PageDates] = {}
    problems: list[str] = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        try:
            pages[src] = page_dates(src, path.read_text(encoding="utf-8"))
        except DatesError as error:
            problems.append(f"docs/{src}: {error}")
    return pages, problems


# ── The date under the title ────────────────────────────────────────────────


def checked_html(date: dt.date, language: str) -> str:
    text = ui("page_checked", language, date=f'<time datetime="{date.isoformat()}">{date.isoformat()}</time>')
    return f'<p class="kb-checked"><small>{text}</small></p>'


def insert_checked(markdown: str, date: dt.date, language: str) -> str:
    """Put the page's check date right under its title (the first `# ` heading)."""
    match = _H1.search(markdown)
    line = checked_html(date, language)
    if not match:
        return line + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + line + "\n" + markdown[match.end():]


# ── What's new ──────────────────────────────────────────────────────────────


# Data files whose rows name no page: the page that shows their table.
_ROW_PAGES = {"lora_presets": "methods/peft/lora.md", "memory_measurements": "methods/memory.md"}


def _zh_source(src: str) -> str:
    return src[: -len(".en.md")] + ".md" if src.endswith(".en.md") else src


def _row_label(stem: str, row, language: str) -> str:
    if stem == "models":
        return row.variant
    if stem in ("training_methods", "troubleshooting", "quick_choices"):
        field = {"training_methods": "name", "troubleshooting": "symptom", "quick_choices": "need"}[stem]
        return getattr(row, field).in_language(language)
    if stem == "alignment_methods":
        return row.name
    if stem == "lora_presets":
        upper = f"{row.examples_max:,}" if row.examples_max else "∞"
        return ui("lora_preset_label", language, low=f"{row.examples_min:,}", high=upper, rank=str(row.rank))
    if stem == "memory_measurements":
        return ui("measurement_label", language, name=row.name, method=row.method.upper() if row.method != "full" else row.method,
                  tokens=f"{row.seq_len:,}")
    return row.id


def changes(pages: dict[str, PageDates], data: SiteData, language: str) -> list[Change]:
    """Every page (in `language`) and every dated data row, as added and re-checked changes, newest first."""
    found: list[Change] = []
    for src, page in pages.items():
        if language_of_source(src) != language:
            continue
        link = _zh_source(src)
        if page.added:
            found.append(Change(page.added, True, page.title, link, None))
        if not page.added or page.checked > page.added:
            found.append(Change(page.checked, False, page.title, link, None))
    for stem, rows in data.tables.items():
        for row in rows:
            verified = getattr(row, "verified_on", None)
            if verified is None:
                continue
            checked = dt.date.fromisoformat(verified)
            added = dt.date.fromisoformat(row.added) if getattr(row, "added", None) else None
            label = _row_label(stem, row, language)
            link = (getattr(row, "page", None) or _ROW_PAGES[stem]).split("#", 1)[0]
            if added:
                found.append(Change(added, True, label, link, ui(f"table_{stem}", language)))
            if not added or checked > added:
                found.append(Change(checked, False, label, link, ui(f"table_{stem}", language)))
    # Newest first; on a date, additions before re-checks, pages before rows, then by table and name.
    return sorted(found, key=lambda c: (-c.date.toordinal(), not c.added, c.table is not None, c.table or "", c.label.lower()))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_whats_new(changes_: list[Change], language: str, page_src: str) -> str:
    """Markdown: one section per date (newest first), one table row per change, each linked."""
    depth = page_src.count("/")
    prefix = "../" * depth
    out: list[str] = []
    dates = sorted({c.date for c in changes_}, reverse=True)
    for date in dates:
        day = [c for c in changes_ if c.date == date]
        added = sum(c.added for c in day)
        out.append(f"## {date.isoformat()} {{#d{date.isoformat()}}}")
        out.append("")
        out.append(ui("whats_new_summary", language, added=str(added), rechecked=str(len(day) - added)))
        out.append("")
        out.append(f"| {ui('whats_new_change', language)} | {ui('whats_new_what', language)} | {ui('whats_new_where', language)} |")
        out.append("|---|---|---|")
        for c in day:
            change = ui("whats_new_added" if c.added else "whats_new_rechecked", language)
            what = ui("whats_new_page", language) if c.table is None else ui("whats_new_row", language, table=c.table)
            out.append(f"| {change} | {_cell(what)} | [{_cell(c.label)}]({prefix}{c.link}) |")
        out.append("")
    return "\n".join(out)


def replace_whats_new(markdown: str, build) -> str:
    """Replace the What's new marker by `build()`; a malformed marker raises DatesError."""
    if "<!--" not in markdown:
        return markdown
    markers = {m.start() + m.group(0).index("<!--") for m in WHATS_NEW.finditer(markdown)}
    for stray in _STRAY.finditer(markdown):
        if stray.start() not in markers:
            raise DatesError(f"malformed What's new marker {markdown[stray.start():stray.start() + 30]!r}: write <!-- whats-new --> on its own line")
    if not markers:
        return markdown
    return WHATS_NEW.sub(lambda _: "\n" + build() + "\n", markdown)


# ── Age of check dates (tests/test_check_dates.py) ──────────────────────────


def dated_items(docs_dir: Path, data: SiteData) -> list[tuple[str, dt.date]]:
    """(where, checked) for every page and every dated data row: what the age test reads."""
    pages, problems = scan_pages(docs_dir)
    if problems:
        raise DatesError("\n".join(problems))
    items = [(f"docs/{src}", page.checked) for src, page in pages.items()]
    for stem, rows in data.tables.items():
        for row in rows:
            if getattr(row, "verified_on", None):
                items.append((f"data/{stem}.yml: entry {row.id!r}", dt.date.fromisoformat(row.verified_on)))
    return items


def too_old(items: list[tuple[str, dt.date]], today: dt.date, days: int) -> list[str]:
    return [f"{where}: checked {date.isoformat()} ({(today - date).days} days ago)" for where, date in items if (today - date).days > days]

