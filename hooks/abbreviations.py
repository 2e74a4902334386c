"""MkDocs hook: hover definitions for the glossary's abbreviations on every page, in the page's language.

Appends Python-Markdown `abbr` definitions (`*[LoRA]: …`) generated from data/glossary.yml, so a
definition is written once and never kept by hand in pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.build import site_data
from kb.i18n import page_language

_WORD_EDGES = re.compile(r"^\w.*\w$")  # abbr matches on word boundaries: "TMMLU+" could never match


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    glossary = site_data(Path(config["docs_dir"])).tables.get("glossary", ())
    return markdown + abbreviation_definitions(glossary, page_language(page))


def abbreviation_definitions(glossary, language: str) -> str:
    lines = []
    for term in glossary:
        if not term.abbr or not _WORD_EDGES.match(term.abbr):
            continue
        name = term.zh if language == "zh-TW" else term.en
        definition = " ".join(term.definition.in_language(language).split())
        lines.append(f"*[{term.abbr}]: {name}：{definition}" if language == "zh-TW" else f"*[{term.abbr}]: {name}: {definition}")
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
