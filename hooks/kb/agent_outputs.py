"""The site as the tools our links are pasted into read it: Markdown twins, llms.txt, the data as JSON.

- `markdown_twin`: a page's Markdown, published next to its HTML (`…/lora/index.md`): the table
  markers rendered as Markdown tables (kb.markers, the same rows as the HTML), admonitions as block
  quotes, code-fence attributes reduced to the language, footnotes and `$…$` math kept as written,
  every link absolute against the site URL (pages in the page's language).
- `llms_txt` / `llms_full`: the llms.txt proposal (https://llmstxt.org/): title, summary, one section
  per nav section with a one-line description per page; the full file holds every twin in nav order.
- `data_exports`: the validated rows of each data file and the JSON Schema of its row type.

Plain functions over plain values; hooks/agent_outputs.py feeds them from MkDocs.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from pydantic import TypeAdapter

from kb.cells import RenderContext
from kb.i18n import DEFAULT_LANGUAGE, page_url
from kb.loader import SiteData
from kb.markers import markdown_text, render_markers_markdown
from kb.registry import TABLES
from kb.schema import DATA_FILES
from kb.ui import ui

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class OutputError(Exception):
    """A page cannot be published for these readers (no description, an unresolvable link)."""


@dataclass(frozen=True)
class PageRecord:
    src_uri: str
    language: str
    url: str  # relative to the site root, e.g. "en/methods/peft/lora/"
    title: str
    description: str
    markdown: str  # the twin


@dataclass(frozen=True)
class NavSection:
    title: str
    src_uris: tuple[str, ...]


# ── A page's Markdown twin ──────────────────────────────────────────────────────────────────────

_FENCE = re.compile(r"^(?P<indent>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# [text](target "title") and ![alt](target): text may hold one level of brackets.
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATTR_FENCE_INFO = re.compile(r"^\{\s*\.([\w+-]+)[^}]*\}$")


def page_base_url(site_url: str, src_uri: str, language: str) -> str:
    return site_url + page_url(src_uri, language)


def markdown_twin(source: str, *, src_uri: str, language: str, title: str, description: str,
                  checked: str | None, data: SiteData, site_url: str) -> str:
    """The Markdown a reader's tools get for one page (front matter already removed from `source`)."""
    base = page_base_url(site_url, src_uri, language)
    ctx = RenderContext(language=language, page_url=page_url(src_uri, language))
    text = render_markers_markdown(source, data, ctx, base)
    text = _interactive_blocks_as_a_link(text, base, language)
    text = _admonitions_as_quotes(text)
    lines, in_fence = [], None
    for line in text.splitlines():
        fence = _FENCE.match(line)
        if in_fence:
            lines.append(line)
            if fence and fence["fence"][0] == in_fence[0] and len(fence["fence"]) >= len(in_fence) and not fence["info"].strip():
                in_fence = None
            continue
        if fence:
            in_fence = fence["fence"]
            info = fence["info"].strip()
            attr = _ATTR_FENCE_INFO.match(info)
            lines.append(f"{fence['indent']}{fence['fence']}{attr.group(1) if attr else info}")
            continue
        if _ABBREVIATION.match(line):
            continue  # glossary hover definitions: the glossary page has them all
        lines.append(_absolute_links(line, src_uri, language, site_url, base))
    body = _COMMENT.sub("", "\n".join(lines))
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return _with_header(body, title, description, base, checked, language)


# Raw HTML that only a browser can use (the memory calculator's form, its style and script): the
# twin says where the interactive version is instead.
_INTERACTIVE = re.compile(r"^<(style|script|form)\b.*?</\1>[ \t]*$", re.DOTALL | re.MULTILINE)


def _interactive_blocks_as_a_link(text: str, base: str, language: str) -> str:
    def replace(match: re.Match) -> str:
        return ui("interactive_on_web", language, url=base) if match.group(1) == "form" else ""

    return _INTERACTIVE.sub(replace, text)


def _with_header(body: str, title: str, description: str, url: str, checked: str | None, language: str) -> str:
    about = ui("markdown_web_page", language, url=url)
    if checked:
        about += f" · {ui('checked', language)} {checked}"
    header = f"> {markdown_text(description)}\n\n{about}\n"
    match = re.match(r"^# .+\n", body)
    if match:
        return body[:match.end()] + "\n" + header + body[match.end():]
    return f"# {markdown_text(title)}\n\n{header}\n{body}"


def _admonitions_as_quotes(text: str) -> str:
    """`!!! warning "Caution"` + an indented body → a block quote led by the title in bold."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent = match["indent"]
        inner = indent + "    "
        body: list[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(inner)):
            body.append(lines[i][len(inner):] if lines[i].strip() else "")
            i += 1
        while body and not body[-1]:
            body.pop()
        title = match["title"] if match["title"] is not None else match["kind"].capitalize()
        quoted = [f"**{title}**", ""] if title else []
        quoted += _admonitions_as_quotes("\n".join(body)).splitlines()
        out += [(f"{indent}> {line}" if line else f"{indent}>") for line in quoted]
        out.append("")
    return "\n".join(out)


def _absolute_links(line: str, src_uri: str, language: str, site_url: str, base: str) -> str:
    """Every link and image target of a line made absolute (code spans left alone, also in link text)."""
    spans: list[str] = []

    def hide(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    hidden = _CODE_SPAN.sub(hide, line)
    hidden = _LINK.sub(lambda m: _rewrite_link(m, src_uri, language, site_url, base), hidden)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], hidden)


def _rewrite_link(match: re.Match, src_uri: str, language: str, site_url: str, base: str) -> str:
    target = resolve_target(match["target"], src_uri, language, site_url, base)
    return f"{match['bang']}[{match['text']}]({target}{match['title'] or ''})"


def resolve_target(target: str, src_uri: str, language: str, site_url: str, base: str) -> str:
    """A link target in a page's source → an absolute URL (pages in the page's language)."""
    if _SCHEME.match(target):
        return target
    if target.startswith("#"):
        return base + target
    if target.startswith("/"):
        return urljoin(site_url, target.lstrip("/"))
    path, hash_, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved.startswith(".."):
        raise OutputError(f"{src_uri}: link {target!r} leaves the docs folder")
    if resolved.endswith(".md"):
        url = site_url + page_url(resolved, language)
    else:  # an image or a file: published once, at the default language's path (static-i18n links there)
        url = site_url + resolved
    return url + (hash_ + fragment if hash_ else "")


# ── llms.txt ────────────────────────────────────────────────────────────────────────────────────

def twin_url(site_url: str, url: str) -> str:
    return site_url + url + "index.md"


def data_files(data: SiteData) -> list[str]:
    return [stem for stem in DATA_FILES if stem in data.tables]


def data_description(stem: str, language: str) -> str:
    """A data file's line in llms.txt: the captions of the tables made from it."""
    captions = []
    for table in TABLES.values():
        caption = table.caption[language]
        if table.data_file == stem and caption not in captions:
            captions.append(caption)
    return ui("list_separator", language).join(captions) or stem


def llms_txt(*, site_name: str, site_description: str, language: str, site_url: str,
             sections: list[NavSection], pages: dict[str, PageRecord], data_stems: list[str],
             other_languages: dict[str, str]) -> str:
    """llms.txt for one language. `other_languages`: language → its llms.txt URL."""
    lines = [f"# {site_name}", "", f"> {' '.join(site_description.split())}", "",
             ui("llms_intro", language, licence=LICENCE_URL), ""]
    for section in sections:
        lines += [f"## {section.title}", ""]
        for src_uri in section.src_uris:
            page = pages[src_uri]
            lines.append(f"- [{markdown_text(page.title)}]({twin_url(site_url, page.url)}): {markdown_text(page.description)}")
        lines.append("")
    lines += [f"## {ui('llms_data', language)}", ""]
    for stem in data_stems:
        schema = ui("llms_schema", language, url=f"{site_url}data/{stem}.schema.json")
        lines.append(f"- [{stem}.json]({site_url}data/{stem}.json): {data_description(stem, language)}{schema}")
    lines += ["", "## Optional", ""]
    lines.append(f"- [llms-full.txt]({site_url}{_prefix(language)}llms-full.txt): {ui('llms_full', language)}")
    for other, url in other_languages.items():
        lines.append(f"- [{ui('llms_other_language', other)}]({url}): {ui('llms_other_language_note', other)}")
    return "\n".join(lines).rstrip() + "\n"


def llms_full(*, site_name: str, site_description: str, language: str, site_url: str,
              order: list[str], pages: dict[str, PageRecord]) -> str:
    parts = [f"# {site_name}\n\n> {' '.join(site_description.split())}\n\n"
             f"{ui('llms_intro', language, licence=LICENCE_URL)}\n"]
    parts += [pages[src_uri].markdown for src_uri in order]
    return "\n---\n\n".join(parts)


def nav_order(sections: list[NavSection]) -> list[str]:
    return [src_uri for section in sections for src_uri in section.src_uris]


def _prefix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


# ── The data as JSON, with its JSON Schema ──────────────────────────────────────────────────────

def row_list_type(stem: str) -> TypeAdapter:
    return TypeAdapter(list[DATA_FILES[stem]])


def data_json(data: SiteData, stem: str) -> str:
    rows = [row.model_dump(mode="json", by_alias=True) for row in data.rows(stem)]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def data_schema(stem: str, site_url: str) -> str:
    schema = row_list_type(stem).json_schema(by_alias=True, mode="serialization")
    schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{site_url}data/{stem}.schema.json",
        "title": f"data/{stem}.yml",
        "description": f"{data_description(stem, 'en')}: the rows of data/{stem}.yml as the build validated them. "
                       f"Licence: CC BY 4.0 ({LICENCE_URL}).",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def load_data_json(stem: str, text: str) -> tuple:
    """Rows read back from the published JSON, validated by the same models (tests render tables from them)."""
    return tuple(row_list_type(stem).validate_json(text))
