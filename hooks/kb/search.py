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
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import yaml

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
ZWSP = "\u200b"

# Boosts relative to Material's defaults (title 1000, text 1): a page's own keywords and the
# words its title is made of rank it above pages that merely mention them.
KEYWORDS_FIELD = {"boost": 200.0}
# The first front-matter keywords are the page's own names (CONTRIBUTING.md#adding-a-page).
PRIMARY_KEYWORDS = 3


def front_matter(path: Path) -> dict:
    stat = path.stat()
    return _front_matter(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _front_matter(path: Path, mtime_ns: int, size: int) -> dict:
    # Parsed once per file version: every language build reads every page's front matter.
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return (yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}) if match else {}


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
    to its own language root. The keywords field of an entry holds:
    - on a page's own entry, its front-matter keywords, the first PRIMARY_KEYWORDS twice (they
      name the page itself, the rest are related terms), so the page about a topic outranks
      pages that list it among their related terms;
    - on a section's entry, the page title, since a section belongs to its page's topic
      ("LoRA 學習率" finds the learning-rate section of the LoRA page);
    - the suffixes of the Chinese words in the title, keywords and text (sub-word matching).
    """
    separator = re.compile(index["config"]["separator"])
    scoped: dict[str, dict] = {}
    for language in ("",) + languages:
        config = dict(index["config"], fields={**index["config"]["fields"], "keywords": KEYWORDS_FIELD})
        scoped[language] = {**{k: v for k, v in index.items() if k not in ("config", "docs")}, "config": config, "docs": []}
    page_titles = {doc["location"]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    for doc in index["docs"]:
        language = next((lang for lang in languages if doc["location"].startswith(f"{lang}/")), "")
        doc = dict(doc)
        page_location, _, section = doc["location"].partition("#")
        keywords = list(keywords_by_location.get(doc["location"], []))
        keywords = keywords[:PRIMARY_KEYWORDS] + keywords
        if section and page_location in page_titles:
            keywords.append(re.sub(r"<[^>]+>", " ", page_titles[page_location]))
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
