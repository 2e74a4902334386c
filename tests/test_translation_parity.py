"""The two language versions of a page carry the same things: code, citations, tables, images and links."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from sitecheck import content_pages


def _article(site, file):
    return site.soup(file).select_one("article")


def fingerprint(site, file) -> dict[str, object]:
    article = _article(site, file)
    internal_links = Counter()
    for a in article.select("a[href]"):
        href = a["href"]
        if a.get("class") and {"headerlink", "footnote-ref", "footnote-backref"} & set(a["class"]):
            continue
        parts = urlsplit(href)
        if not parts.scheme and not href.startswith("#"):
            internal_links[href] += 1
    return {
        "code blocks": [code.get_text() for code in article.select("div.highlight code")],
        "footnotes": sorted(li["id"] for li in article.select("div.footnote li[id]")),
        "generated tables": sorted(t["id"] for t in article.select("table[data-kb-table]")),
        "tables": len(article.select("table")),
        # English pages reach a shared image through its /<path> copy: compare file names
        "images": sorted(img["src"].rsplit("/", 1)[-1] for img in article.select("img")),
        "internal links": internal_links,
        "external links": sorted({_without_deed(a["href"]) for a in article.select('a[href^="https://"]')}),
    }


def _without_deed(url: str) -> str:
    """Creative Commons licence pages come in per-language deeds (…/4.0/deed.zh-hant)."""
    return re.sub(r"deed\.[a-z-]+$", "", url)


def test_each_pair_carries_the_same_code_citations_tables_and_links(built_site):
    pages = content_pages(built_site)
    problems = []
    for key, zh_file in sorted(pages["zh-TW"].items()):
        en_file = pages["en"].get(key)
        if en_file is None:
            continue  # reported by the parity test
        zh, en = fingerprint(built_site, zh_file), fingerprint(built_site, en_file)
        for aspect in zh:
            if zh[aspect] != en[aspect]:
                detail = (
                    f"only zh-TW: {sorted(set(zh[aspect]) - set(en[aspect]))[:5]}; only en: {sorted(set(en[aspect]) - set(zh[aspect]))[:5]}"
                    if isinstance(zh[aspect], (list, Counter)) else f"zh-TW {zh[aspect]} vs en {en[aspect]}"
                )
                problems.append(f"/{key}: {aspect} differ: {detail}")
    assert not problems, "\n".join(problems)


def test_english_pages_are_built_from_english_sources(built_site):
    """fallback_to_default would silently publish a Chinese page under /en/; the source meta tells."""
    pages = content_pages(built_site)
    for language, files in pages.items():
        for key, file in files.items():
            source = built_site.soup(file).select_one('meta[name="kb:source"]')
            assert source is not None, f"{language}:{key} has no kb:source meta"
            assert source["content"].endswith(".en.md") == (language == "en"), (language, key, source["content"])
