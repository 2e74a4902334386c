"""MkDocs hook: every page's Markdown twin, llms.txt + llms-full.txt per language, the data as JSON.

Thin wrapper over kb.agent_outputs. static-i18n runs the hooks once per language build, all into the
same site_dir (the secondary languages' pages under their prefix); `config["theme"]["language"]` is
the language being built, and its llms.txt goes to the root of that language. The data files are
the same for every language: written once, by the default language's build, into site/data/.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from kb.agent_outputs import (
    NavSection,
    OutputError,
    PageRecord,
    data_files,
    data_json,
    data_schema,
    llms_full,
    llms_txt,
    markdown_twin,
    nav_order,
)
from kb.build import site_data
from kb.i18n import DEFAULT_LANGUAGE, LANGUAGES, page_language, page_url
from kb.markers import TableError
from kb.search import front_matter

_pages: dict[str, dict[str, PageRecord]] = {}  # language → src_uri → page
_sections: dict[str, list[NavSection]] = {}  # language → nav sections, in order


def on_config(config, **_):
    # Before anything is built: a missing description would otherwise stop the build only when that
    # page's language comes to render it.
    docs = Path(config["docs_dir"])
    problems = [
        f"docs/{path.relative_to(docs).as_posix()}: front matter has no 'description' (llms.txt lists every page with its one-line description)"
        for path in sorted(docs.rglob("*.md")) if not _is_text(front_matter(path).get("description"))
    ]
    if problems:
        raise PluginError("\n  ".join(problems))
    return config


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


@event_priority(100)  # the page's own Markdown: before site_data renders its tables as HTML
def on_page_markdown(markdown: str, *, page, config, files) -> str:
    language = page_language(page)
    where = f"docs/{page.file.src_uri}"
    description = page.meta["description"]  # every page has one (on_config)
    title = page.meta.get("title") or page.title
    if not isinstance(title, str) or not title.strip():
        raise PluginError(f"{where}: front matter has no 'title' (llms.txt names every page)")
    checked = page.meta.get("checked")
    try:
        twin = markdown_twin(
            markdown, src_uri=page.file.src_uri, language=language, title=title, description=description,
            checked=str(checked) if checked else None, data=site_data(Path(config["docs_dir"])), site_url=config["site_url"],
        )
    except (OutputError, TableError) as error:
        raise PluginError(f"{where}: {error}") from error
    _pages.setdefault(language, {})[page.file.src_uri] = PageRecord(
        src_uri=page.file.src_uri, language=language, url=page_url(page.file.src_uri, language),
        title=title, description=description, markdown=twin,
    )
    return markdown


@event_priority(-150)  # after static-i18n has put this language's pages and section titles in the nav
def on_nav(nav, *, config, files):
    sections: list[NavSection] = []
    for item in nav.items:
        if isinstance(item, Section):
            sections.append(NavSection(item.title, tuple(_pages_of(item))))
        elif isinstance(item, Page):
            sections.append(NavSection(item.title or config["site_name"], (item.file.src_uri,)))
    _sections[config["theme"]["language"]] = sections
    return nav


def _pages_of(section: Section):
    for child in section.children:
        if isinstance(child, Section):
            yield from _pages_of(child)
        elif isinstance(child, Page):
            yield child.file.src_uri


def on_post_page(output: str, *, page, config) -> str:
    record = _pages.get(page_language(page), {}).get(page.file.src_uri)
    if record is not None:
        target = Path(page.file.abs_dest_path).with_name("index.md")
        target.parent.mkdir(parents=True, exist_ok=True)  # the HTML is written after this event
        target.write_text(record.markdown, encoding="utf-8")
    return output


@event_priority(0)  # in each language's build, before static-i18n (-100) starts the next language
def on_post_build(config, **_) -> None:
    language = config["theme"]["language"]
    site_dir = Path(config["site_dir"])
    site_url = config["site_url"]
    pages = _pages.get(language, {})
    sections = [s for s in _sections.get(language, []) if s.src_uris]
    missing = [src for s in sections for src in s.src_uris if src not in pages]
    if missing:
        raise PluginError(f"llms.txt: nav pages without a Markdown twin: {', '.join(missing)}")
    data = site_data(Path(config["docs_dir"]))
    root = site_dir if language == DEFAULT_LANGUAGE else site_dir / language
    root.mkdir(parents=True, exist_ok=True)
    others = {other: site_url + ("" if other == DEFAULT_LANGUAGE else f"{other}/") + "llms.txt"
              for other in LANGUAGES if other != language}
    common = dict(site_name=config["site_name"], site_description=config["site_description"] or "",
                  language=language, site_url=site_url, pages=pages)
    (root / "llms.txt").write_text(
        llms_txt(sections=sections, data_stems=data_files(data), other_languages=others, **common), encoding="utf-8")
    (root / "llms-full.txt").write_text(llms_full(order=nav_order(sections), **common), encoding="utf-8")
    if language == DEFAULT_LANGUAGE:
        target = site_dir / "data"
        target.mkdir(exist_ok=True)
        for stem in data_files(data):
            (target / f"{stem}.json").write_text(data_json(data, stem), encoding="utf-8")
            (target / f"{stem}.schema.json").write_text(data_schema(stem, site_url), encoding="utf-8")
