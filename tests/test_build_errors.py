"""A bad data file or marker stops the real build, names the problem, and publishes nothing."""

import shutil

import pytest
import yaml

from conftest import ROOT, mkdocs_build


@pytest.fixture
def project_copy(tmp_path):
    copy = tmp_path / "project"
    for name in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def test_malformed_data_file_fails_the_build_before_writing_anything(project_copy, tmp_path):
    entry = {"id": "lora", "zh": "低秩適應", "en": "Low-rank adaptation", "surprise": "field",
             "definition": {"zh-TW": "定義", "en": "Definition"}}
    (project_copy / "data" / "glossary.yml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    destination = tmp_path / "out"
    result = mkdocs_build(destination, config=project_copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "data/glossary.yml: entry 'lora' (#1): field 'surprise': unknown field" in result.stdout + result.stderr
    assert not destination.exists() or not any(destination.rglob("*.html"))


def test_bad_marker_in_an_english_page_fails_before_the_chinese_site_is_written(project_copy, tmp_path):
    page = project_copy / "docs" / "about.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- table: no_such_table -->\n", encoding="utf-8")
    destination = tmp_path / "out"
    result = mkdocs_build(destination, config=project_copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "docs/about.en.md: unknown table 'no_such_table'" in result.stdout + result.stderr
    assert not destination.exists() or not any(destination.rglob("*.html"))
