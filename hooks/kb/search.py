"""Search that works for Traditional Chinese and English readers.

- A jieba user dictionary generated from the glossary and the pages' titles and keywords, so
  domain terms (過擬合, 低秩適應, 通義千問) stay whole when Material segments the index at build time.
- One index per language: static-i18n leaves a single index mixing both languages.
- A hidden `keywords` field per entry: the page's front-matter keywords (synonyms, other names)
  and the suffixes of its Chinese words. The browser matches token prefixes only, so indexing
  suffixes makes 擬合 find 過擬合 and 秩 find 低秩適應.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

import yaml

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
ZWSP = "\u200b"

# Boosts relative to Material's defaults (title 1000, text 1): a page's own keywords and the
# words its title is made of rank it above pages that merely mention them.
KEYWORDS_FIELD = {"boost": 200.0}


def front_matter(path: Path) -> dict:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def domain_terms(docs_dir: Path, glossary_terms: Iterable[str]) -> list[str]:
    """Chinese words jieba must keep whole: glossary terms and the Han runs of titles and keywords."""
    terms: set[str] = set()
    for text in glossary_terms:
        terms.update(HAN.findall(text))
    for path in docs_dir.rglob("*.md"):
        meta = front_matter(path)
        for text in [meta.get("title", "")] + list(meta.get("keywords") or []):
            terms.update(HAN.findall(str(text)))
    return sorted(term for term in terms if len(term) >= 2)


def user_dictionary(terms: Iterable[str]) -> str:
    """jieba's user-dictionary format: one 'word frequency' per line; a high frequency keeps it whole."""
    return "".join(f"{term} 100000\n" for term in terms)


def han_suffixes(token: str, shortest: int) -> list[str]:
    """Proper suffixes of a Chinese token, longest first: 低秩適應 → 秩適應, 適應, 應."""
    return [token[i:] for i in range(1, len(token)) if len(token) - i >= shortest]


def scope_index(
    index: dict,
    keywords_by_location: dict[str, list[str]],
    segment: Callable[[str], str],
    languages: tuple[str, ...] = ("en",),
) -> dict[str, dict]:
    """Split the combined index by language ('' is the default language) and add the keywords field.

    Locations of secondary languages lose their `<lang>/` prefix: each index is read relative
    to its own language root.
    """
    separator = re.compile(index["config"]["separator"])
    scoped: dict[str, dict] = {}
    for language in ("",) + languages:
        config = dict(index["config"], fields={**index["config"]["fields"], "keywords": KEYWORDS_FIELD})
        scoped[language] = {**{k: v for k, v in index.items() if k not in ("config", "docs")}, "config": config, "docs": []}
    for doc in index["docs"]:
        language = next((lang for lang in languages if doc["location"].startswith(f"{lang}/")), "")
        doc = dict(doc)
        keywords = list(keywords_by_location.get(doc["location"], []))
        if language:
            doc["location"] = doc["location"][len(language) + 1:]
        expansions: list[str] = []
        for token in separator.split(doc["title"]) + [t for k in keywords for t in separator.split(segment(k))]:
            if HAN.fullmatch(token or "-"):
                expansions += han_suffixes(token, shortest=1)
        for token in separator.split(re.sub(r"<[^>]+>", " ", doc["text"])):
            if HAN.fullmatch(token or "-") and len(token) >= 3:
                expansions += han_suffixes(token, shortest=2)
        words = [segment(k) for k in keywords] + list(dict.fromkeys(expansions))
        if words:
            doc["keywords"] = ZWSP.join(words)
        scoped[language]["docs"].append(doc)
    return scoped
