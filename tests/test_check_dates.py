"""Check dates readers can see: every page and data row says when it was checked, and none is stale.

A page or row checked more than 180 days ago is a warning (listed, so a maintainer can re-check it);
more than 365 days ago fails. Each rule is proven on a planted date.
"""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build
from kb.dates import DatesError, changes, dated_items, insert_checked, page_dates, render_whats_new, replace_whats_new, scan_pages, too_old
from kb.loader import load_site_data

DOCS = ROOT / "docs"
DATA = ROOT / "data"
WARN_AFTER_DAYS = 180
FAIL_AFTER_DAYS = 365


def stale_check(docs_dir: Path, data_dir: Path, today: dt.date) -> list[str]:
    """Warn about everything checked more than 180 days ago; return what is past 365 days."""
    items = dated_items(docs_dir, load_site_data(data_dir, docs_dir))
    for line in too_old(items, today, WARN_AFTER_DAYS):
        warnings.warn(f"re-check soon: {line}", stacklevel=2)
    return too_old(items, today, FAIL_AFTER_DAYS)


def test_no_page_or_row_was_checked_more_than_a_year_ago():
    failing = stale_check(DOCS, DATA, dt.date.today())
    assert not failing, "checked more than 365 days ago; re-check against the sources:\n  " + "\n  ".join(failing)


def test_every_page_has_a_well_formed_checked_date():
    pages, problems = scan_pages(DOCS)
    assert not problems, "\n".join(problems)
    assert len(pages) == len(list(DOCS.rglob("*.md")))


def test_no_check_date_is_in_the_future():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    future = [f"{where}: {date}" for where, date in dated_items(DOCS, load_site_data(DATA, DOCS)) if date >= tomorrow]
    assert not future, "\n".join(future)


# ── Proven on planted dates ──────────────────────────────────────────────────


@pytest.fixture
def planted(tmp_path):
    """A copy of docs/ and data/ to plant old dates in."""
    docs, data = tmp_path / "docs", tmp_path / "data"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("*.svg", "assets"))
    shutil.copytree(DATA, data)
    return docs, data


def _set_checked(page: Path, date: str) -> None:
    text = page.read_text(encoding="utf-8")
    lines = [f"checked: {date}" if line.startswith("checked:") else line for line in text.split("\n")]
    page.write_text("\n".join(lines), encoding="utf-8")


def test_a_page_checked_200_days_ago_warns_and_400_days_ago_fails(planted):
    docs, data = planted
    today = dt.date(2026, 12, 2)
    _set_checked(docs / "models" / "qwen.md", (today - dt.timedelta(days=200)).isoformat())
    _set_checked(docs / "models" / "llama.en.md", (today - dt.timedelta(days=400)).isoformat())
    with pytest.warns(UserWarning) as caught:
        failing = stale_check(docs, data, today)
    warned = "\n".join(str(w.message) for w in caught)
    assert "docs/models/qwen.md: checked 2026-05-16 (200 days ago)" in warned
    assert "docs/models/llama.en.md" in warned
    assert failing == ["docs/models/llama.en.md: checked 2025-10-28 (400 days ago)"]


def test_a_data_row_verified_400_days_ago_fails_naming_file_and_entry(planted):
    docs, data = planted
    path = data / "quick_choices.yml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows[0]["verified_on"] = "2025-10-28"
    rows[0].pop("added", None)
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.warns(UserWarning):
        failing = stale_check(docs, data, dt.date(2026, 12, 2))
    assert failing == [f"data/quick_choices.yml: entry {rows[0]['id']!r}: checked 2025-10-28 (400 days ago)"]


def test_a_fresh_site_neither_warns_nor_fails(planted):
    docs, data = planted
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stale_check(docs, data, dt.date(2026, 12, 2)) == []


# ── The date on the page, and a page without one ─────────────────────────────


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("title: T\n", "front matter has no 'checked:' date"),
        ("title: T\nchecked: 2026-13-01\n", "not a calendar date: '2026-13-01'"),
        ("title: T\nchecked: 2026/12/01\n", "must be a date written YYYY-MM-DD, got '2026/12/01'"),
        ("title: T\nchecked: 2026-12-01\nadded: 2026-12-02\n", "later than 'checked: 2026-12-01'"),
    ],
)
def test_missing_or_malformed_dates_are_refused(front_matter, message):
    with pytest.raises(DatesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        page_dates("x.md", f"---\n{front_matter}---\n\n# T\n")


def test_the_date_goes_right_under_the_title_in_the_page_language():
    markdown = "# Qwen\n\nFirst paragraph.\n"
    zh = insert_checked(markdown, dt.date(2026, 12, 2), "zh-TW")
    en = insert_checked(markdown, dt.date(2026, 12, 2), "en")
    assert zh.startswith('# Qwen\n\n<p class="kb-checked"><small>查核日期 <time datetime="2026-12-02">2026-12-02</time></small></p>\n')
    assert "Checked <time" in en and en.index("Checked") < en.index("First paragraph")


def test_a_page_without_a_checked_date_fails_the_build_naming_it(tmp_path):
    copy = tmp_path / "project"
    for name in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    page = copy / "docs" / "trends.en.md"
    page.write_text("\n".join(line for line in page.read_text(encoding="utf-8").split("\n") if not line.startswith("checked:")), encoding="utf-8")
    destination = tmp_path / "out"
    result = mkdocs_build(destination, config=copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "docs/trends.en.md: front matter has no 'checked:' date" in result.stdout + result.stderr
    assert not destination.exists() or not any(destination.rglob("*.html"))


# ── What's new ───────────────────────────────────────────────────────────────


def test_whats_new_lists_added_and_rechecked_items_newest_first_each_linked(planted):
    docs, data = planted
    _set_checked(docs / "trends.md", "2026-06-01")
    pages, _ = scan_pages(docs)
    found = changes(pages, load_site_data(data, docs), "zh-TW")
    dates = [c.date for c in found]
    assert dates == sorted(dates, reverse=True)
    trends = [c for c in found if c.link == "trends.md"]
    assert [(c.date, c.added) for c in trends] == [(dt.date(2026, 6, 1), False)]
    gpt_oss = [c for c in found if c.link == "models/gpt-oss.md" and c.table is None]
    assert [c.added for c in gpt_oss] == [True]  # added and checked the same day: listed once, as added
    assert all(c.link.endswith(".md") and not c.link.endswith(".en.md") for c in found)
    markdown = render_whats_new(found, "zh-TW", "whats-new.md")
    assert markdown.index("## 2026-12-02 {#d2026-12-02}") < markdown.index("## 2026-06-01 {#d2026-06-01}")
    assert "| 重新查核 | 頁面 | [" in markdown and "](trends.md) |" in markdown


def test_every_page_and_dated_row_appears_on_whats_new():
    pages, _ = scan_pages(DOCS)
    data = load_site_data(DATA, DOCS)
    found = changes(pages, data, "en")
    assert {c.link for c in found if c.table is None} == {src[: -len(".en.md")] + ".md" for src in pages if src.endswith(".en.md")}
    rows = sum(1 for rows in data.tables.values() for row in rows if getattr(row, "verified_on", None))
    assert len({(c.table, c.label) for c in found if c.table is not None}) == rows


def test_a_malformed_whats_new_marker_is_refused():
    with pytest.raises(DatesError, match="malformed What's new marker"):
        replace_whats_new("text <!-- whats-new --> inline\n", lambda: "")
    assert replace_whats_new("<!-- whats-new -->\n", lambda: "TABLE") == "\nTABLE\n\n"


# ── On the built site ────────────────────────────────────────────────────────


def test_every_built_page_shows_its_check_date_under_its_title(built_site):
    import re

    pattern = re.compile(r'</h1>\s*<p class="kb-checked"><small>(查核日期|Checked) <time datetime="(\d{4}-\d{2}-\d{2})">\2</time></small></p>')
    pages, _ = scan_pages(DOCS)
    missing = []
    for src, dates in pages.items():
        english = src.endswith(".en.md")
        stem = src[: -len(".en.md")] if english else src[: -len(".md")]
        path = stem[: -len("index")] if stem.endswith("index") else stem + "/"
        html = (built_site.root / ("en/" if english else "") / path / "index.html").read_text(encoding="utf-8")
        match = pattern.search(html)
        if not match or match[2] != dates.checked.isoformat() or (match[1] == "Checked") != english:
            missing.append(src)
    assert not missing, "pages without their check date under the title: " + ", ".join(missing)


def test_whats_new_is_linked_from_the_home_page_in_both_languages(built_site):
    assert 'href="whats-new/"' in (built_site.root / "index.html").read_text(encoding="utf-8")
    assert 'href="whats-new/"' in (built_site.root / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("added", "message"),
    [
        ("2026-12", "field 'added': must be a date written YYYY-MM-DD, got '2026-12'"),
        ("2027-01-01", "field 'added': later than verified_on"),
    ],
)
def test_a_bad_added_date_on_a_row_names_file_entry_and_field(planted, added, message):
    from kb.loader import DataError

    docs, data = planted
    path = data / "quick_choices.yml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows[0]["added"] = added
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_site_data(data, docs)
    assert f"data/quick_choices.yml: entry {rows[0]['id']!r} (#1): {message}" in str(error.value)
