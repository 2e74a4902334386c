"""Data files: every kind of bad input stops the build with the file, the entry and the field named."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from kb.loader import DataError, load_site_data

VALID_MODEL = {
    "id": "qwen3-8b",
    "family": "qwen",
    "variant": "Qwen3-8B",
    "vendor": {"zh-TW": "阿里巴巴 Qwen 團隊", "en": "Alibaba Qwen team"},
    "released": "2025-04",
    "params_total_b": 8.2,
    "architecture": "dense",
    "attention": "GQA",
    "context_tokens": 32768,
    "context_extended_tokens": 131072,
    "license": {"name": "Apache-2.0", "url": "https://huggingface.co/Qwen/Qwen3-8B/blob/main/LICENSE"},
    "chinese": {"zh-TW": "中文", "en": "Chinese"},
    "model_card": "https://huggingface.co/Qwen/Qwen3-8B",
    "page": "models/qwen.md",
    "sources": [{"title": "Qwen3-8B model card", "url": "https://huggingface.co/Qwen/Qwen3-8B"}],
    "verified_on": "2026-11-25",
}


@pytest.fixture
def project(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "models").mkdir(parents=True)
    for name in ("models/qwen.md", "models/qwen.en.md"):
        (docs / name).write_text("# Qwen\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    return data, docs


def write(data: Path, stem: str, entries) -> None:
    text = entries if isinstance(entries, str) else yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    (data / f"{stem}.yml").write_text(text, encoding="utf-8")


def error_of(data: Path, docs: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_site_data(data, docs)
    return str(caught.value)


def model(**changes):
    entry = {**VALID_MODEL, **changes}
    return {key: value for key, value in entry.items() if value is not None}


def test_valid_model_loads(project):
    data, docs = project
    write(data, "models", [model()])
    rows = load_site_data(data, docs).rows("models")
    assert rows[0].variant == "Qwen3-8B" and rows[0].released == "2025-04"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (model(licence="MIT"), "field 'licence': unknown field"),
        (model(context_tokens=None), "field 'context_tokens': missing required field"),
        (model(params_total_b="8.2B"), "field 'params_total_b'"),
        (model(chinese={"zh-TW": "中文"}), "field 'chinese.en': missing required field"),
        (model(verified_on="2026-13-01"), "field 'verified_on'"),
        (model(verified_on="25/11/2026"), "field 'verified_on': must be a date written YYYY-MM-DD"),
        (model(model_card="http://huggingface.co/Qwen/Qwen3-8B"), "field 'model_card': must be a well-formed https:// URL"),
        (model(license={"name": "MIT", "url": "not a url"}), "field 'license.url'"),
        (model(page="models/nowhere.md"), "field 'page': page 'models/nowhere.md' does not exist"),
        (model(architecture="moe"), "field 'params_active_b': required when architecture is 'moe'"),
        (model(family="gpt"), "field 'family'"),
        (model(sources=[]), "field 'sources'"),
        (model(attention="linear"), "field 'attention': Input should be 'MHA', 'MQA', 'GQA', 'MLA', 'MLA-sparse' or 'hybrid-linear'"),
        (model(modality="audio"), "field 'modality': Input should be 'text', 'vision-language' or 'omni'"),
    ],
    ids=["unknown-key", "missing-field", "wrong-type", "missing-language", "impossible-date",
         "malformed-date", "http-url", "malformed-url", "missing-page", "moe-without-active", "bad-enum", "no-sources",
         "unknown-attention-kind", "unknown-modality"],
)
def test_bad_entry_names_file_entry_and_field(project, entry, expected):
    data, docs = project
    write(data, "models", [model(id="fine-model"), entry])
    message = error_of(data, docs)
    assert "data/models.yml: entry 'qwen3-8b' (#2)" in message
    assert expected in message


def test_missing_english_twin_of_page_is_reported(project):
    data, docs = project
    (docs / "models" / "qwen.en.md").unlink()
    write(data, "models", [model()])
    assert "page 'models/qwen.en.md' does not exist" in error_of(data, docs)


def test_duplicate_id(project):
    data, docs = project
    write(data, "models", [model(), model()])
    assert "entry 'qwen3-8b' (#2): field 'id': duplicate of entry #1" in error_of(data, docs)


def test_unparsable_yaml_names_the_file_and_line(project):
    data, docs = project
    write(data, "models", "- id: qwen3-8b\n  variant: [unclosed\n")
    message = error_of(data, docs)
    assert "data/models.yml: not valid YAML" in message and "line" in message


def test_duplicate_yaml_key_is_an_error(project):
    data, docs = project
    write(data, "models", "- id: a\n  id: b\n")
    assert "duplicate key 'id'" in error_of(data, docs)


def test_unknown_data_file_and_non_list_file(project):
    data, docs = project
    write(data, "modles", [model()])
    write(data, "glossary", {"id": "x"})
    message = error_of(data, docs)
    assert "data/modles.yml: unknown data file" in message
    assert "data/glossary.yml: must be a non-empty list" in message


def test_every_problem_is_reported_at_once(project):
    data, docs = project
    write(data, "models", [model(id="a", licence="x"), model(id="b", page="models/gone.md")])
    message = error_of(data, docs)
    assert "entry 'a' (#1): field 'licence'" in message and "entry 'b' (#2): field 'page'" in message


def test_dates_are_not_silently_turned_into_date_objects(project):
    data, docs = project
    write(data, "models", textwrap.dedent("""\
        - id: qwen3-8b
          family: qwen
          variant: Qwen3-8B
          vendor: {zh-TW: 阿里巴巴, en: Alibaba}
          released: 2025-04-29
          params_total_b: 8.2
          architecture: dense
          attention: GQA
          context_tokens: 32768
          license: {name: Apache-2.0, url: "https://example.org/l"}
          chinese: {zh-TW: 中文, en: Chinese}
          model_card: https://huggingface.co/Qwen/Qwen3-8B
          page: models/qwen.md
          sources: [{title: card, url: "https://huggingface.co/Qwen/Qwen3-8B"}]
          verified_on: 2026-11-25
        """))
    row = load_site_data(data, docs).rows("models")[0]
    assert row.released == "2025-04-29" and row.verified_on == "2026-11-25"
