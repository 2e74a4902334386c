"""Every zh-TW page reads as Taiwan usage: OpenCC s2twp leaves its text unchanged, except reviewed false positives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitecheck import content_pages

ALLOWLIST = yaml.safe_load((Path(__file__).parent / "zh_tw_allowlist.yml").read_text(encoding="utf-8"))
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def converter():
    import jieba
    import opencc

    jieba.setLogLevel(60)
    return opencc.OpenCC("s2twp"), jieba


def page_text(html: str) -> str:
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for tag in article.select("pre, code, kbd, script, style"):
        tag.decompose()
    return article.get_text(" ")


def mainland_words(text: str, page: str, converter) -> list[tuple[str, str]]:
    """(word, s2twp's version) for each word s2twp would change that the allowlist does not cover."""
    opencc_converter, jieba = converter
    allowed = [e for e in ALLOWLIST if "pages" not in e or page in e["pages"]]
    found = []
    for word in jieba.cut(text):
        if not HAN.search(word):
            continue
        converted = opencc_converter.convert(word)
        restored = converted
        for entry in allowed:
            restored = restored.replace(entry["converted"], entry["original"])
        if converted != word and restored != word:
            found.append((word, converted))
    return found


def test_zh_tw_pages_use_taiwan_vocabulary(built_site, converter):
    problems = []
    pages = content_pages(built_site)["zh-TW"]
    for key, file in sorted(pages.items()):
        for word, converted in mainland_words(page_text(file.read_text(encoding="utf-8")), key, converter):
            problems.append(f"/{key}: {word!r} → s2twp {converted!r}")
    assert len(pages) > 30
    assert not problems, "\n".join(sorted(set(problems)))


def test_checker_catches_simplified_and_mainland_terms(converter):
    text = "我們用这个软件處理數據，把視頻存到內存，支持多種配置"
    words = {word for word, _ in mainland_words(text, "methods/", converter)}
    assert {"这个", "软件", "數據", "視頻", "內存"} <= words
    assert "數據" not in {w for w, _ in mainland_words("資料（不是數據）", "glossary/", converter)}


def test_every_allowlist_entry_is_explained():
    for entry in ALLOWLIST:
        assert set(entry) <= {"original", "converted", "why", "pages"} and entry["why"].strip(), entry


CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
TYPOGRAPHY = {
    "half-width punctuation in a Chinese sentence": re.compile(CJK + r"[,;:?!()]" + CJK + "|" + CJK + r", "),
    "curly quotes instead of 「」": re.compile(r"[“”‘’]"),
    "您 instead of 你": re.compile("您"),
    "no space between Chinese and Latin letters or digits": re.compile(CJK + r"[A-Za-z0-9]|[A-Za-z0-9]" + CJK),
}


def prose_text(html: str) -> str:
    """The page's running text: no code, math, footnote numbers, permalinks or generated tables."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for tag in article.select("pre, code, kbd, script, style, sup, math, a.headerlink, div.footnote, table[data-kb-table]"):
        tag.decompose()
    return article.get_text("")


def typography_problems(text: str) -> list[str]:
    return [f"{rule}: {text[max(0, m.start() - 8):m.end() + 8]!r}" for rule, pattern in TYPOGRAPHY.items() for m in pattern.finditer(text)]


def test_zh_tw_punctuation_and_spacing(built_site):
    problems = []
    for key, file in sorted(content_pages(built_site)["zh-TW"].items()):
        problems += [f"/{key}: {p}" for p in typography_problems(prose_text(file.read_text(encoding="utf-8")))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "text",
    ["微調,然後評估", "用“LoRA”微調", "您可以試試", "使用LoRA微調", "訓練3個 epoch"],
)
def test_typography_check_catches(text):
    assert typography_problems(text)
