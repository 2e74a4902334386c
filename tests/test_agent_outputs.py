"""What the tools our links are pasted into read: llms.txt and llms-full.txt per language, every page's
Markdown twin, and the data as JSON with its JSON Schema (hooks/agent_outputs.py, kb.agent_outputs)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from conftest import ROOT, mkdocs_build, wait_for_material_start

from kb.agent_outputs import (
    _admonitions_as_quotes,
    data_files,
    load_data_json,
    markdown_twin,
    resolve_target,
)
from kb.cells import RenderContext
from kb.i18n import LANGUAGES, language_of_source, page_url
from kb.loader import SiteData, load_site_data
from kb.markers import MARKER, markdown_text, parse_marker, table_content
from kb.schema import DATA_FILES

SITE_URL = "https://example.org/kb/"
LLMS_ROOTS = {"zh-TW": "", "en": "en/"}
# HTML a twin may keep: none of the site's pages needs any today; these are harmless in Markdown.
ALLOWED_TAGS = {"br", "sub", "sup", "kbd"}
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")


@pytest.fixture(scope="module")
def data() -> SiteData:
    return load_site_data(ROOT / "data", ROOT / "docs")


def _prose(markdown: str) -> str:
    """The Markdown without code blocks, code spans, math and autolinks (where < and [ mean nothing)."""
    text = re.sub(r"^([ \t>]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", "", markdown, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.DOTALL)
    text = re.sub(r"(`+).+?\1", "", text)
    text = re.sub(r"(?<![\\$])\$[^$\n]+\$", "", text)
    return re.sub(r"<https?://[^>\s]+>", "", text)


def _twin_file(site, html_file: Path) -> Path:
    return html_file.with_name("index.md")  # /methods/peft/lora/index.html → /methods/peft/lora/index.md


def _documentation_pages(site):
    for file in site.html_files():
        meta = site.soup(file).find("meta", attrs={"name": "kb:source"})
        if meta:
            yield file, meta["content"]


# ── llms.txt ────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("language", LANGUAGES)
def test_llms_txt_follows_the_proposal_and_every_link_resolves(built_site, language):
    root = built_site.root / LLMS_ROOTS[language]
    text = (root / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[2].startswith("> "), "title, then the one-paragraph summary"
    sections = [line for line in lines if line.startswith("## ")]
    assert len(sections) >= 7 and sections[-1] == "## Optional"
    items = [line for line in lines if line.startswith("- ")]
    for item in items:
        assert re.match(r"^- \[[^\]]+\]\(https?://[^)\s]+\): \S", item), f"link with a one-line description: {item}"
    links = [m.group(1) for m in _LINK_TARGET.finditer(text)]
    pages = [url for url in links if url.endswith("/index.md")]
    twins = {file for file, _ in _documentation_pages(built_site)
             if (file.relative_to(built_site.root).as_posix().startswith("en/")) == (language == "en")}
    assert len(pages) == len(twins), "one line per page of the language, each page once"
    for url in links:
        assert url.startswith(built_site.base_url), url
        file = built_site.root / url[len(built_site.base_url):]
        assert file.is_file(), f"{language} llms.txt links to {url}, which the site does not have"


@pytest.mark.parametrize("language", LANGUAGES)
def test_llms_full_holds_every_twin_in_nav_order(built_site, language, capsys):
    root = built_site.root / LLMS_ROOTS[language]
    full = (root / "llms-full.txt").read_text(encoding="utf-8")
    order = [url for url in _LINK_TARGET.findall((root / "llms.txt").read_text(encoding="utf-8")) if url.endswith("/index.md")]
    positions = []
    for url in order:
        twin = (built_site.root / url[len(built_site.base_url):]).read_text(encoding="utf-8")
        positions.append(full.find(twin))
        assert positions[-1] >= 0, f"{url} is not in llms-full.txt"
    assert positions == sorted(positions), "pages in the order llms.txt (the nav) lists them"
    with capsys.disabled():
        print(f"\n{LLMS_ROOTS[language]}llms-full.txt: {len(full.encode('utf-8')):,} bytes, {len(full):,} characters")


# ── Markdown twins ──────────────────────────────────────────────────────────────────────────────

def test_every_page_has_its_markdown_twin_in_both_languages(built_site):
    pages = list(_documentation_pages(built_site))
    sources = {source for _, source in pages}
    assert {language_of_source(s) for s in sources} == set(LANGUAGES)
    problems = []
    for file, source in pages:
        where = file.relative_to(built_site.root).as_posix()
        twin = _twin_file(built_site, file)
        if not twin.is_file():
            problems.append(f"{where}: no index.md")
            continue
        link = built_site.soup(file).find("link", attrs={"rel": "alternate", "type": "text/markdown"})
        if link is None or link["href"] != built_site.base_url + twin.relative_to(built_site.root).as_posix():
            problems.append(f"{where}: head has no <link rel=alternate type=text/markdown> to its twin ({link})")
        markdown = twin.read_text(encoding="utf-8")
        if not markdown.startswith("# "):
            problems.append(f"{where}: twin does not start with the page title")
        if re.search(r"<!--\s*tables?\b", markdown):
            problems.append(f"{where}: table marker left in the twin")
        prose = _prose(markdown)
        tags = {m.group(1).lower() for m in _TAG.finditer(prose)} - ALLOWED_TAGS
        if tags:
            problems.append(f"{where}: HTML tags in the twin: {sorted(tags)}")
        targets = _LINK_TARGET.findall(prose)
        relative = [t for t in targets if not re.match(r"^https?://", t)]
        if relative:
            problems.append(f"{where}: relative links in the twin: {relative[:3]}")
        for target in targets:
            if target.startswith(built_site.base_url):
                path, _, fragment = target.partition("#")
                found = built_site.file_for(urlsplit(path).path)
                if found is None:
                    problems.append(f"{where}: the twin links to {target}, which the site does not have")
                elif fragment and found.suffix == ".html" and fragment not in built_site.ids(found):
                    problems.append(f"{where}: the twin links to {target}, which has no #{fragment}")
        html_tables = len(built_site.soup(file).select("table[data-kb-table]"))
        md_tables = len(re.findall(r"^\|(?:-{3,}:?\|)+$", markdown, flags=re.MULTILINE))
        if md_tables < html_tables:
            problems.append(f"{where}: {html_tables} data tables in the HTML, {md_tables} tables in the twin")
        footnotes = len(built_site.soup(file).select("div.footnote li[id^='fn:']"))
        if footnotes != len(re.findall(r"^\[\^[^\]]+\]:", markdown, flags=re.MULTILINE)):
            problems.append(f"{where}: footnotes not all kept ({footnotes} in the HTML)")
    assert not problems, "\n".join(problems)


def _cell_text(markdown_cell: str) -> tuple[str, list[str]]:
    """A twin's table cell → its text and link targets (the Markdown escapes undone)."""
    hrefs = re.findall(r"\]\((https?://[^)\s]+)\)", markdown_cell)
    text = re.sub(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]+\)", r"\1", markdown_cell)
    return re.sub(r"\\(.)", r"\1", text).strip(), hrefs


def _markdown_tables(markdown: str) -> list[list[list[str]]]:
    tables, current = [], None
    for line in markdown.splitlines():
        if line.startswith("| ") and current is not None:
            current.append([cell for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif re.match(r"^\|(?:-{3,}:?\|)+$", line):
            current = []
            tables.append(current)
        else:
            current = None
    return tables


@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_from_the_json_have_the_site_tables_rows_and_so_do_the_twins(built_site, language):
    """Render every table marker of every page from the published JSON: the rows are the HTML table's,
    cell for cell, and the page's Markdown twin has the same cells."""
    from_json = SiteData(tables={stem: load_data_json(stem, (built_site.root / "data" / f"{stem}.json").read_text(encoding="utf-8"))
                                 for stem in DATA_FILES if (built_site.root / "data" / f"{stem}.json").is_file()})
    compared = 0
    for file, source in _documentation_pages(built_site):
        if language_of_source(source) != language:
            continue
        markers = [parse_marker(m["body"]) for m in MARKER.finditer((ROOT / "docs" / source).read_text(encoding="utf-8"))]
        if not markers:
            continue
        soup = built_site.soup(file)
        twin_tables = _markdown_tables(_twin_file(built_site, file).read_text(encoding="utf-8"))
        ctx = RenderContext(language, page_url(source, language))
        for request in markers:
            content = table_content(request, from_json, ctx)
            html = soup.find("table", id=content.table_id)
            assert html is not None, f"{source}: no table #{content.table_id}"
            html_rows = html.select("tbody tr")
            assert [tr["id"].split("--", 1)[1] for tr in html_rows] == [row["id"] for row in content.rows], source
            for tr, row in zip(html_rows, content.rows):
                tds = tr.find_all("td")
                cells = [cell.text for cell in row["cells"]]
                assert [td.get_text() for td in tds[:len(cells)]] == cells, f"{source} #{tr['id']}"
                if content.sourced:
                    assert [(a.get_text(), a["href"]) for a in tds[-1].find_all("a")] == [(s.text, s.href) for s in row["sources"]]
            # The twin: the same rows, the same cell texts, in the same order.
            twin = _find_twin_table(twin_tables, content)
            assert twin is not None, f"{source}: the twin has no table with the rows of #{content.table_id}"
            compared += 1
    assert compared >= 10


def _find_twin_table(twin_tables, content):
    expected = [[cell.text for cell in row["cells"]] for row in content.rows]
    for table in twin_tables:
        texts = [[_cell_text(cell)[0] for cell in row[:len(content.columns)]] for row in table]
        if texts == expected:
            return table
    return None


# ── The data as JSON ────────────────────────────────────────────────────────────────────────────

def test_each_json_file_validates_against_its_schema_and_holds_every_row(built_site, data):
    stems = data_files(data)
    assert stems and set(stems) == set(DATA_FILES) & set(data.tables)
    for stem in stems:
        rows = json.loads((built_site.root / "data" / f"{stem}.json").read_text(encoding="utf-8"))
        schema = json.loads((built_site.root / "data" / f"{stem}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(rows)
        assert [row["id"] for row in rows] == [row.id for row in data.rows(stem)]
        assert load_data_json(stem, json.dumps(rows)) == data.rows(stem), f"{stem}: the JSON reads back as the same rows"
        broken = [dict(rows[0], surprise="field")] + rows[1:]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(schema).validate(broken)
    assert not (built_site.root / "en" / "data").exists(), "written once, not per language"


def test_the_about_page_documents_the_urls_and_the_licence():
    for name in ("about.md", "about.en.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        for needle in ("{#machine-readable}", "/llms.txt", "/en/llms.txt", "llms-full.txt", "index.md",
                       "/data/models.json", "schema.json", "CC BY 4.0"):
            assert needle in text, f"docs/{name} does not mention {needle}"


# ── Unit tests of the conversion ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("target", "language", "expected"), [
    ("../peft/qlora.md#memory", "zh-TW", SITE_URL + "methods/peft/qlora/#memory"),
    ("../peft/qlora.md#memory", "en", SITE_URL + "en/methods/peft/qlora/#memory"),
    ("../index.md", "en", SITE_URL + "en/methods/"),
    ("#rank", "en", SITE_URL + "en/methods/peft/lora/#rank"),
    ("lora.svg", "zh-TW", SITE_URL + "methods/peft/lora.svg"),
    ("lora.svg", "en", SITE_URL + "methods/peft/lora.svg"),
    ("https://arxiv.org/abs/2106.09685", "en", "https://arxiv.org/abs/2106.09685"),
])
def test_links_are_made_absolute_in_the_pages_language(target, language, expected):
    src = "methods/peft/lora.md" if language == "zh-TW" else "methods/peft/lora.en.md"
    base = SITE_URL + page_url(src, language)
    assert resolve_target(target, src, language, SITE_URL, base) == expected


def test_twin_keeps_footnotes_math_and_code_and_turns_admonitions_into_quotes(data):
    source = (
        "# LoRA\n\nSee [QLoRA](qlora.md) and `[x](y.md)`, $\\frac{\\alpha}{r}$[^a].\n\n"
        '!!! warning "Caution"\n    Check [this](#rank).\n\n    ``` {.python data-check="signature"}\n    x = 1\n    ```\n\n'
        "``` {.python data-check=\"signature\"}\nprint('[a](b.md)')\n```\n\n[^a]: [Paper](https://arxiv.org/abs/2106.09685), checked 2026-12-02.\n"
    )
    twin = markdown_twin(source, src_uri="methods/peft/lora.en.md", language="en", title="LoRA", description="What LoRA is.",
                         checked="2026-12-02", data=data, site_url=SITE_URL)
    assert twin.startswith("# LoRA\n\n> What LoRA is.\n\nWeb page: " + SITE_URL + "en/methods/peft/lora/ · Checked 2026-12-02\n")
    assert "[QLoRA](" + SITE_URL + "en/methods/peft/qlora/)" in twin and "`[x](y.md)`" in twin
    assert "$\\frac{\\alpha}{r}$[^a]" in twin and "[^a]: [Paper](https://arxiv.org/abs/2106.09685)" in twin
    assert "> **Caution**\n>\n> Check [this](" + SITE_URL + "en/methods/peft/lora/#rank)." in twin
    assert "> ```python\n> x = 1\n> ```" in twin
    assert "```python\nprint('[a](b.md)')\n```" in twin


def test_admonition_without_a_title_and_nested_content():
    assert _admonitions_as_quotes("!!! note\n    One.\n\n    Two.\nAfter") == "> **Note**\n>\n> One.\n>\n> Two.\n\nAfter"


def test_table_cells_escape_markdown(data):
    assert markdown_text("a|b [c] *d* <e>\nf") == "a\\|b \\[c\\] \\*d\\* \\<e\\> f"


def test_table_markers_become_markdown_tables_with_absolute_links(data):
    source = "# Qwen\n\n<!-- table: models family=qwen -->\n"
    twin = markdown_twin(source, src_uri="models/qwen.en.md", language="en", title="Qwen", description="Qwen.",
                         checked=None, data=data, site_url=SITE_URL)
    assert "**Base models: Qwen**" in twin and "<" not in _prose(twin).replace("<https", "")
    rows = _markdown_tables(twin)[0]
    assert len(rows) == len([m for m in data.rows("models") if m.family == "qwen"])
    assert all(f"]({SITE_URL}en/models/qwen/)" in row[0] for row in rows)


# ── Errors ──────────────────────────────────────────────────────────────────────────────────────

def test_a_page_without_description_fails_the_build_naming_it(tmp_path):
    import shutil

    copy = tmp_path / "project"
    for name in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    page = copy / "docs" / "methods" / "sft.en.md"
    page.write_text(re.sub(r"^description: .*\n", "", page.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE), encoding="utf-8")
    result = mkdocs_build(tmp_path / "out", config=copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "docs/methods/sft.en.md: front matter has no 'description'" in result.stdout + result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_copy_button_is_under_the_title_and_its_check_date_and_out_of_the_search_index(built_site, language):
    from kb.ui import ui

    label = ui("copy_page_markdown", language)
    page = built_site.root / LLMS_ROOTS[language] / "methods" / "peft" / "lora" / "index.html"
    button = built_site.soup(page).select_one("article h1 + p.kb-checked + p[data-search-exclude] > button[data-kb-copy-page='index.md']")
    assert button is not None and button.get_text() == label and button.get("type") == "button"
    index = json.loads((built_site.root / LLMS_ROOTS[language] / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"].removeprefix(LLMS_ROOTS[language]).startswith("methods/peft/lora/")]
    assert entries and not [doc["location"] for doc in entries if label in (doc["title"] + doc["text"]).replace("\u200b", "")]


# ── The button ──────────────────────────────────────────────────────────────────────────────────

@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_page_as_markdown_from_the_keyboard(browser, site_server, language):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], service_workers="block")
    page = context.new_page()
    requests, failures = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failures.append(r.url))
    prefix = LLMS_ROOTS[language]
    page.goto(site_server + prefix + "methods/peft/lora/")
    wait_for_material_start(page)
    button = page.locator("article button[data-kb-copy-page]")
    assert button.count() == 1 and button.inner_text().strip()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => (document.querySelector('.kb-copy-status')?.textContent || '').length > 0")
    expected = page.evaluate("fetch('index.md').then(r => r.text())")
    assert expected.startswith("# ") and "| " in expected
    assert page.evaluate("navigator.clipboard.readText()") == expected
    status = page.locator(".kb-copy-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.is_visible() and f"{len(expected):,}" in status.inner_text()
    # The Markdown alternate in the head sends Material looking for no sitemap next to it.
    assert not [url for url in requests if "sitemap.xml" in url or urlsplit(url).hostname not in ("127.0.0.1", None)]
    assert not failures, failures
    context.close()
