"""Every Python, YAML, JSON and JSON Lines code block in the built pages parses."""

import ast
import json

import pytest
import yaml
from bs4 import BeautifulSoup

from sitecheck import content_pages

PARSERS = {
    "python": lambda code: ast.parse(code),
    "yaml": lambda code: list(yaml.safe_load_all(code)),
    "json": lambda code: json.loads(code),
    "jsonl": lambda code: [json.loads(line) for line in code.splitlines() if line.strip()],
}


def code_blocks(html: str):
    """(language, code) of each highlighted block, as pymdownx.highlight renders them."""
    soup = BeautifulSoup(html, "html.parser")
    for block in soup.select("div.highlight"):
        language = next((c.removeprefix("language-") for c in block.get("class", []) if c.startswith("language-")), None)
        code = block.find("code")
        if code is not None:
            yield language, code.get_text()


def test_every_parseable_code_block_parses(built_site):
    failures, counted = [], {name: 0 for name in PARSERS}
    for language_pages in content_pages(built_site).values():
        for key, file in language_pages.items():
            for language, code in code_blocks(file.read_text(encoding="utf-8")):
                if language not in PARSERS:
                    continue
                counted[language] += 1
                try:
                    PARSERS[language](code)
                except Exception as error:  # each parser raises its own error type
                    failures.append(f"{file.relative_to(built_site.root)} ({language}): {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)
    assert counted["python"] > 0 and counted["jsonl"] + counted["json"] > 0, counted


@pytest.mark.parametrize(
    ("language", "code"),
    [("python", "def f(:\n    pass"), ("yaml", "a: [1, 2"), ("json", '{"a": 1,}'), ("jsonl", '{"a": 1}\n{"b": }')],
)
def test_parsers_reject_broken_code(language, code):
    with pytest.raises(Exception):
        PARSERS[language](code)


def test_code_block_extraction_reads_language_from_the_rendered_block():
    html = '<div class="language-python highlight"><pre><span></span><code>x = 1\n</code></pre></div>'
    assert list(code_blocks(html)) == [("python", "x = 1\n")]
