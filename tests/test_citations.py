"""Citations keep saying what they said: no link in docs/ or data/ points into a repository's branch.

A file linked at `/blob/main/` changes under the citation; a tag or a commit does not. Flagged:
GitHub `blob|tree|raw|blame|commits` on main/master/HEAD/develop (and raw.githubusercontent.com on
the same), Hugging Face `blob|resolve|tree|raw` on main.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BRANCHES = r"(?:main|master|HEAD|develop)"
BRANCH_LINK = re.compile(
    r"https?://(?:www\.)?github\.com/[\w.-]+/[\w.-]+/(?:blob|tree|raw|blame|commits)/" + BRANCHES + r"(?=[/#?)\s\"'>]|$)"
    r"|https?://raw\.githubusercontent\.com/[\w.-]+/[\w.-]+/(?:refs/heads/)?" + BRANCHES + r"/"
    r"|https?://(?:www\.)?huggingface\.co/(?:datasets/|spaces/)?[\w.-]+(?:/[\w.-]+)?/(?:blob|resolve|tree|raw)/main(?=[/#?)\s\"'>]|$)",
)
URL = re.compile(r"https?://[^\s)\]\"'<>`]+")
SUFFIXES = {".md", ".yml", ".yaml", ".json", ".html"}


def branch_links(root: Path) -> list[str]:
    """`file:line: url` for every link to a branch in root's docs/ and data/, sorted."""
    found = []
    for folder in ("docs", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for url in URL.findall(line):
                    if BRANCH_LINK.match(url):
                        found.append(f"{path.relative_to(root)}:{number}: {url}")
    return found


def test_no_link_points_at_a_branch():
    found = branch_links(ROOT)
    assert not found, (
        f"{len(found)} link(s) point at a branch; link a tag or a commit instead "
        "(/blob/v1.16.0/…, /blob/<sha>/…) or the model card page:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/huggingface/trl/blob/main/trl/trainer/kto_config.py",
        "https://github.com/huggingface/trl/tree/master/trl/chat_templates",
        "https://github.com/org/repo/blob/HEAD/README.md#usage",
        "https://github.com/org/repo/tree/develop",
        "https://raw.githubusercontent.com/org/repo/main/README.md",
        "https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json",
        "https://huggingface.co/Qwen/Qwen3-8B/resolve/main/LICENSE",
        "https://huggingface.co/datasets/org/data/tree/main",
    ],
)
def test_a_planted_branch_link_is_reported(tmp_path, link):
    """Plant the link in a copy of docs/ and data/ and see it reported with its file and line."""
    for folder in ("docs", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.svg", "*.png", "*.js", "*.css"))
    page = tmp_path / "docs" / "planted.md"
    page.write_text(f"# Planted\n\nSee [the file]({link}).\n", encoding="utf-8")
    data = tmp_path / "data" / "planted.yml"
    data.write_text(f"- id: planted\n  sources:\n    - {{title: x, url: '{link}'}}\n", encoding="utf-8")
    found = branch_links(tmp_path)
    assert f"docs/planted.md:3: {link}" in found
    assert f"data/planted.yml:3: {link}" in found


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/huggingface/trl/blob/v1.16.0/trl/trainer/kto_config.py",
        "https://github.com/huggingface/peft/blob/v0.21.2/src/peft/tuners/lora/config.py",
        "https://github.com/org/repo/blob/3f1c2e9a0b7d4c5e6f708192a3b4c5d6e7f80912/README.md",
        "https://github.com/org/main/blob/v1.0/README.md",
        "https://github.com/org/repo/blob/mainline/README.md",
        "https://huggingface.co/Qwen/Qwen3-8B",
        "https://huggingface.co/docs/trl/v1.16.0/en/kto_trainer",
        "https://huggingface.co/org/model/blob/2b1c7f0e5d/config.json",
    ],
)
def test_links_at_a_tag_or_commit_pass(link):
    assert not BRANCH_LINK.match(link)
