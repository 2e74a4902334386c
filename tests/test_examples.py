"""Every Python example on the site, checked against the library versions the site names.

One test per fenced Python block, `page:line[kind]`: executed (runs unchanged against tiny offline
stand-ins of the hub models and data, and is signature-checked), signature (imports resolve and keyword
arguments exist on the pinned versions) or parse. See tests/examples/ and CONTRIBUTING.md, "Code examples".
Needs the `examples` extra (make test installs it); without it these tests are skipped, except in CI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import warnings
from importlib.metadata import version
from pathlib import Path

import pytest

from examples.blocks import DOCS, Block, all_blocks, page_blocks
from examples import pins

pytestmark = pytest.mark.examples

BLOCKS = all_blocks()
TESTS = Path(__file__).resolve().parent
MISSING = [name for name in ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes")
           if importlib.util.find_spec(name) is None]
if MISSING and not os.environ.get("CI"):
    pytestmark = [pytestmark, pytest.mark.skip(reason=f"examples extra not installed ({', '.join(MISSING)}): pip install -e '.[examples]'")]

# Planted into the session's run to prove that the runner reports what goes wrong, with page and line.
PLANTED_RUNTIME = Block("planted/runtime.md", 10, (
    "import torch\n"
    "from transformers import AutoModelForCausalLM\n"
    "model = AutoModelForCausalLM.from_pretrained('Qwen/Qwen3-0.6B', dtype=torch.bfloat16)\n"
    "model.generate(torch.tensor([[1, 2]]), max_new_tokns=3)\n"  # page line 13
))
PLANTED_DEPRECATED = Block("planted/deprecated.md", 20, (
    "from trl.experimental.kto import KTOConfig\n"
    "\n"
    "args = KTOConfig(output_dir='kto')\n"  # page line 22
))
PLANTED_FLOAT32 = Block("planted/float32.md", 30, (
    "from peft import LoraConfig, get_peft_model\n"
    "from transformers import AutoModelForCausalLM\n"
    "model = AutoModelForCausalLM.from_pretrained('Qwen/Qwen3-0.6B', dtype='float32')\n"
    "model = get_peft_model(model, LoraConfig(r=4, target_modules='all-linear', task_type='CAUSAL_LM'))\n"
))
PLANTED = (PLANTED_RUNTIME, PLANTED_DEPRECATED, PLANTED_FLOAT32)


def _quiet_signature_check(block):
    from examples.signature import check

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return check(block)


def _expected_seconds(job) -> float:
    code = job["code"]
    return 40.0 if "GRPOTrainer(" in code else 3.0 if ".train()" in code else 0.5


@pytest.fixture(scope="session")
def example_runs(tmp_path_factory):
    """Run each distinct executed example once (zh-TW and English pages carry the same code)."""
    jobs, seen = [], set()
    for block in [*BLOCKS, *PLANTED]:
        if block.kind == "executed" and block.code not in seen:
            seen.add(block.code)
            jobs.append({"page": block.page, "line": block.line, "code": block.code})
    workers = max(1, int(os.environ.get("EXAMPLES_WORKERS", "2")))
    root = tmp_path_factory.mktemp("examples")
    hf_home = root / "hf"
    env = {**os.environ, "HF_HOME": str(hf_home), "OMP_NUM_THREADS": "1", "PYTHONPATH": str(TESTS)}
    # the hub stand-ins once, before the workers share them
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from examples.standins import build_hub_cache;"
                    " build_hub_cache(Path(sys.argv[1]))", str(hf_home)], env=env, cwd=TESTS, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # longest first onto the least loaded worker; GRPO generates full-length completions with a random model
    shares, loads = [[] for _ in range(workers)], [0.0] * workers
    for job in sorted(jobs, key=_expected_seconds, reverse=True):
        least = loads.index(min(loads))
        shares[least].append(job)
        loads[least] += _expected_seconds(job)
    processes = []
    for worker in range(workers):
        share = sorted(shares[worker], key=lambda job: (job["page"], job["line"]))
        (root / f"jobs{worker}.json").write_text(json.dumps(share), encoding="utf-8")
        log = open(root / f"worker{worker}.log", "w")
        processes.append((subprocess.Popen(
            [sys.executable, "-m", "examples.runner", str(root / f"jobs{worker}.json"), str(root / f"results{worker}.json")],
            env=env, cwd=TESTS, stdout=log, stderr=subprocess.STDOUT), log))
    for process, log in processes:
        process.wait(timeout=1800)
        log.close()
    results = {}
    for worker in range(workers):
        path = root / f"results{worker}.json"
        for result in json.loads(path.read_text(encoding="utf-8")) if path.exists() else []:
            results[(result["page"], result["line"])] = result
    by_code = {}
    for job in jobs:
        by_code[job["code"]] = results.get((job["page"], job["line"])) or {
            "ok": False, "error": "the runner died before this example: see " + str(root), "output": ""}
    return by_code


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
