"""Every Python example on the site, checked against the library versions the site names.

One test per fenced Python block, `page:line[kind]`: executed (runs unchanged against tiny offline
stand-ins of the hub models and data, and is signature-checked), signature (imports resolve and keyword
arguments exist on the pinned versions) or parse. See tests/examples/ and CONTRIBUTING.md, "Code examples".
Needs the `examples` extra (make test installs it); without it these tests are skipped, except in CI.
"""

from __future__ import annotations

import importlib.util
import os
import re
import warnings
from importlib.metadata import version

import pytest

from examples.blocks import DOCS, all_blocks, page_blocks
from examples import pins
from examples.session import EXAMPLE_RUNS, PLANTED

pytestmark = pytest.mark.examples

BLOCKS = all_blocks()
MISSING = [name for name in ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes")
           if importlib.util.find_spec(name) is None]
if MISSING and not os.environ.get("CI"):
    pytestmark = [pytestmark, pytest.mark.skip(reason=f"examples extra not installed ({', '.join(MISSING)}): pip install -e '.[examples]'")]


def _quiet_signature_check(block):
    from examples.signature import check

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return check(block)


@pytest.fixture(scope="session")
def example_runs(request):
    """Each distinct executed example's result, by code (started when collection ended: tests/conftest.py)."""
    return request.config.stash[EXAMPLE_RUNS].results()


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_example(block, example_runs):
    problems = [str(p) for p in _quiet_signature_check(block)]
    assert not problems, "\n".join(problems)
    if block.kind == "executed":
        result = example_runs[block.code]
        error = result["error"] or ""
        if block.page != result.get("page"):  # the twin page's run: report this page's lines
            offset = block.line - result["line"]
            error = re.sub(rf"docs/{re.escape(result['page'])}:(\d+)",
                           lambda m: f"docs/{block.page}:{int(m.group(1)) + offset}", error)
        assert result["ok"], f"{error}\n--- output ---\n{result.get('output', '')}\n--- traceback ---\n{result.get('traceback', '')}"


def test_every_block_has_a_kind_and_pages_keep_their_examples():
    kinds = {b.kind for b in BLOCKS}
    assert kinds <= {"executed", "signature", "parse"}
    assert sum(b.kind == "executed" for b in BLOCKS) >= 60, "fewer executed examples than expected: did extraction break?"


def test_planted_runtime_failures_are_reported_with_page_and_line(example_runs):
    """An error raised by the library, a deprecated import path, adapters on a float32 base."""
    runtime, deprecated, float32 = (example_runs[block.code] for block in PLANTED)
    assert not runtime["ok"] and runtime["error"].startswith("docs/planted/runtime.md:13: "), runtime["error"]
    assert "max_new_tokns" in runtime["error"], runtime["error"]
    assert not deprecated["ok"] and "docs/planted/deprecated.md:22: FutureWarning" in deprecated["error"], deprecated["error"]
    assert "from trl import KTOConfig" in deprecated["error"], deprecated["error"]
    assert not float32["ok"] and "float32 base model" in float32["error"], float32["error"]


def test_planted_mistakes_are_reported_with_page_and_line(tmp_path):
    """A wrong keyword argument, a wrong import path and a class that doesn't exist, in a copy of a page."""
    docs = tmp_path / "docs"
    page = docs / "methods" / "peft" / "lora.md"
    page.parent.mkdir(parents=True)
    text = (DOCS / "methods" / "peft" / "lora.md").read_text(encoding="utf-8")
    planted = {
        "    lora_alpha=32,\n    lora_dropout=0.05,\n    target_modules=\"all-linear\",  # attention + MLP":
            "    lora_alpah=32,\n    lora_dropout=0.05,\n    target_modules=\"all-linear\",  # attention + MLP",
        "from trl import SFTConfig, SFTTrainer\n\nMODEL_ID": "from trl.trainers import SFTConfig, SFTTrainer\n\nMODEL_ID",
        "from peft import PeftModel\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\nBASE_ID":
            "from peft import PeftModel\nfrom transformers import AutoModelForCausalLMWithValueHead, AutoTokenizer\n\nBASE_ID",
    }
    for old, new in planted.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    page.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    expected = {
        "'lora_alpah'": next(i for i, l in enumerate(lines, 1) if "lora_alpah" in l),
        "trl.trainers": next(i for i, l in enumerate(lines, 1) if "trl.trainers" in l),
        "AutoModelForCausalLMWithValueHead": next(i for i, l in enumerate(lines, 1) if "AutoModelForCausalLMWithValueHead" in l),
    }
    reported = [str(p) for block in page_blocks(page, docs) for p in _quiet_signature_check(block)]
    for needle, line in expected.items():
        assert any(r.startswith(f"docs/methods/peft/lora.md:{line}:") and needle in r for r in reported), (needle, line, reported)


def test_pins_are_exact_and_installed():
    pinned = pins.pins()
    assert set(pinned) >= {"torch", "transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes"}, pinned
    for name, pin in pinned.items():
        installed = version(name).split("+")[0]  # torch 2.13.0+cpu is torch 2.13.0
        assert installed == pin, f"{name} {installed} installed, {pin} pinned: make reinstalls when pyproject.toml changes"


def test_pages_name_the_pinned_versions():
    wrong = pins.disagreements()
    assert not wrong, "\n".join(wrong)
    assert len(pins.statements()) > 50


def test_a_moved_pin_fails_until_pages_agree(tmp_path):
    moved = {**pins.pins(), "trl": "1.17.0"}
    wrong = pins.disagreements(pinned=moved)
    assert wrong and all("trl" in w for w in wrong)
    assert any(w.startswith("docs/methods/alignment/kto.md:") for w in wrong)
