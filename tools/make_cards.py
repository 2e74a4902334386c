"""Render the link-preview cards (Open Graph / Twitter image), one per language, 1200×630 PNG.

Run by hand when the site name or tagline changes; the PNGs are committed, so neither the build
nor a reader's browser downloads or renders anything. Needs Debian's chromium and fonts-noto-cjk
(the Traditional Chinese glyphs come from Noto Sans CJK TC).

    .venv/bin/python tools/make_cards.py
"""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = (Path(__file__).parent / "card.html").read_text(encoding="utf-8")
CARDS = {
    "zh-TW": {
        "site": "LLM 微調知識庫",
        "title": "選模型、選方法、設參數、排除問題",
        "tagline": "給微調大型語言模型的工程師：每個數字都附第一手來源與查核日期。",
        "foot": "LoRA · QLoRA · DPO · ORPO · GRPO · Qwen · Llama · 繁體中文 | English",
    },
    "en": {
        "site": "LLM Fine-tuning Knowledge Base",
        "title": "Choose a model and a method, set it up, fix what breaks",
        "tagline": "For engineers who fine-tune large language models, with a primary source for every number.",
        "foot": "LoRA · QLoRA · DPO · ORPO · GRPO · Qwen · Llama · English | 繁體中文",
    },
}


def render(language: str, texts: dict[str, str], out: Path) -> None:
    page = TEMPLATE.replace("{{lang}}", language)
    for key, value in texts.items():
        page = page.replace("{{" + key + "}}", html.escape(value))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "card.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [os.environ.get("CHROMIUM", "chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--disable-background-networking", "--no-first-run", f"--user-data-dir={tmp}/profile",
             "--window-size=1200,630", f"--screenshot={out}", source.as_uri()],
            check=True, capture_output=True,
        )


def main() -> None:
    for language, texts in CARDS.items():
        out = ROOT / "docs" / "assets" / "images" / f"card-{language}.png"
        render(language, texts, out)
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
