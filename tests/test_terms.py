"""One zh-TW term per concept: the glossary's preferred term, never a variant it lists under `avoid`.

A variant may still appear where it is being named rather than used: in code, in the page's search
keywords (front matter, not running text), inside 「」 (「對話模板」), as the English gloss right
after the preferred term (聊天範本（chat template）), and in the glossary's own list of variants.
Latin-script variants are also left alone in citations and source cells, whose titles are the
sources' own English. Also here: no italics on Chinese (CJK type has no italic; emphasis is bold or 「」).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitecheck import content_pages

GLOSSARY = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "glossary.yml").read_text(encoding="utf-8"))
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Markup that is not running text, for every variant / additionally for Latin-script variants.
NOT_PROSE = "pre, code, kbd, script, style, math, a.headerlink"
# Where English names stand as English: citations, table source cells, the glossary table's English column.
CITATIONS = "div.footnote, td.kb-sources, #table-glossary td:nth-of-type(2)"


def preferred_terms() -> list[tuple[str, str, list[str]]]:
    """(glossary id, preferred zh-TW term without its English gloss, variants to avoid)."""
    return [(t["id"], re.sub(r"（[^）]*）$", "", t["zh"]), t["avoid"]) for t in GLOSSARY if t.get("avoid")]


def _text(html: str, *, drop: str) -> str:
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for tag in article.select(drop):
        tag.decompose()
    return article.get_text("")


def avoided_variants(html: str, terms=None) -> list[str]:
    """Each avoided variant used in the page's running text, with a little context."""
    found = []
    terms = terms if terms is not None else preferred_terms()
    named = {v.lower() for _, _, variants in terms for v in variants}

    def unquoted(text: str) -> str:  # a variant being named, 「對話模板」, is blanked out
        return re.sub(r"「([^「」]*)」", lambda m: "「」" if m[1].lower() in named else m[0], text)

    texts = {False: unquoted(_text(html, drop=NOT_PROSE)), True: unquoted(_text(html, drop=f"{NOT_PROSE}, {CITATIONS}"))}
    for term_id, preferred, variants in terms:
        for variant in variants:
            latin = not HAN.search(variant)
            text = texts[latin]
            pattern = re.compile(re.escape(variant), re.IGNORECASE if latin else 0)
            for m in pattern.finditer(text):
                before, after = text[max(0, m.start() - len(preferred) - 1):m.start()], text[m.end():m.end() + 1]
                if before == preferred + "（" and after == "）":
                    continue  # the English gloss of the preferred term
                if latin and re.match(r"[A-Za-z_]", text[m.end():m.end() + 1] or " ") and not text[m.end()] in "sS":
                    continue  # part of a longer English word
                found.append(f"{variant!r} (use {preferred!r}, glossary {term_id}): …{text[max(0, m.start() - 12):m.end() + 12]}…")
    return found


def chinese_in_italics(html: str) -> list[str]:
    article = BeautifulSoup(html, "html.parser").select_one("article")
    return [tag.get_text() for tag in article.select("em, i") if HAN.search(tag.get_text())]


def test_glossary_avoid_lists_are_sane():
    terms = preferred_terms()
    assert {term_id for term_id, _, _ in terms} >= {"chat-template", "activation", "early-stopping"}
    preferred = {p for _, p, _ in terms}
    for term_id, term, variants in terms:
        assert term not in variants, term_id
        assert not preferred & set(variants), f"{term_id}: a variant is another entry's preferred term"


def test_glossary_page_names_every_avoided_variant(built_site):
    """Readers see the variants too: the glossary page lists each one in 「」 next to its preferred term."""
    html = (built_site.root / "glossary" / "index.html").read_text(encoding="utf-8")
    text = _text(html, drop=NOT_PROSE)
    missing = [f"{term}: 「{v}」" for _, term, variants in preferred_terms() for v in variants if f"「{v}」" not in text or term not in text]
    assert not missing, "\n".join(missing)


def test_zh_tw_pages_use_one_term_per_concept(built_site):
    problems = []
    pages = content_pages(built_site)["zh-TW"]
    for key, file in sorted(pages.items()):
        problems += [f"/{key}: {p}" for p in avoided_variants(file.read_text(encoding="utf-8"))]
    assert len(pages) > 30
    assert not problems, "\n".join(problems)


def test_no_italics_on_chinese(built_site):
    problems = []
    for language_pages in content_pages(built_site).values():
        for key, file in sorted(language_pages.items()):
            problems += [f"/{key}: <em>{t}</em>" for t in chinese_in_italics(file.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


PLANTED = [("t", "聊天範本", ["對話模板", "chat template"])]


@pytest.mark.parametrize(
    "body, caught",
    [
        ("<p>推論時套用對話模板。</p>", True),
        ("<p>推論時套用 chat template。</p>", True),
        ("<p>推論時套用 Chat templates。</p>", True),
        ("<p>推論時套用聊天範本。</p>", False),
        ("<p>聊天範本（chat template）是規則。</p>", False),
        ("<p>不要寫「對話模板」。</p>", False),
        ("<p>不要寫「對話模板」或對話模板。</p>", True),
        ("<p>這個「對話模板很好」。</p>", True),
        ("<p>呼叫 <code>對話模板</code>。</p>", False),
        ("<p>見註腳。</p><div class='footnote'>Transformers docs: Chat templates</div>", False),
        ("<div class='footnote'>說明對話模板</div>", True),
    ],
)
def test_term_check_catches_a_planted_variant(body, caught):
    assert bool(avoided_variants(f"<article>{body}</article>", PLANTED)) is caught


@pytest.mark.parametrize("body, caught", [("<p><em>微調</em>很重要</p>", True), ("<p><strong>微調</strong>與 <em>LoRA</em></p>", False)])
def test_italics_check_catches_planted_chinese_italics(body, caught):
    assert bool(chinese_in_italics(f"<article>{body}</article>")) is caught
