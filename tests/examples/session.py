"""The examples' runs as a background job of the test session.

The runner starts when collection ends and works, niced, while the other tests run: over the whole
suite they keep the machine's two cores busy only part of the time. The example
tests are ordered last (tests/conftest.py), so they mostly find the results waiting. With only
example tests selected (make examples) nothing runs beside them, and two runner processes share the jobs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .blocks import Block, all_blocks

TESTS = Path(__file__).resolve().parents[1]

# Planted into every run to prove that the runner reports what goes wrong, with page and line.
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


def _in_the_background() -> None:
    # Below the browser tests in the scheduler's eyes: the examples take the CPU time they leave idle
    # instead of slowing them down.
    os.nice(10)


def _expected_seconds(job: dict) -> float:
    code = job["code"]
    return 40.0 if "GRPOTrainer(" in code else 3.0 if ".train()" in code else 0.5


def jobs(blocks: list[Block] | None = None) -> list[dict]:
    """Each distinct executed example once (zh-TW and English pages carry the same code), planted ones included."""
    found, seen = [], set()
    for block in [*(all_blocks() if blocks is None else blocks), *PLANTED]:
        if block.kind == "executed" and block.code not in seen:
            seen.add(block.code)
            found.append({"page": block.page, "line": block.line, "code": block.code})
    return found


class ExampleRuns:
    """Runner processes started at once; `results()` waits for them and maps each example's code to its result."""

    def __init__(self, root: Path, workers: int, blocks: list[Block] | None = None):
        self.root, self.jobs, self.workers = root, jobs(blocks), workers
        self.processes: list[subprocess.Popen] = []
        self._stopped = False
        self._results: dict[str, dict] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        hf_home = self.root / "hf"
        env = {**os.environ, "HF_HOME": str(hf_home), "OMP_NUM_THREADS": "1", "PYTHONPATH": str(TESTS)}
        if self.workers > 1:  # the hub stand-ins once, before the workers share them (a lone runner builds them itself)
            subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from examples.standins import build_hub_cache;"
                            " build_hub_cache(Path(sys.argv[1]))", str(hf_home)], env=env, cwd=TESTS, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_in_the_background)
        # longest first onto the least loaded worker; GRPO generates full-length completions with a random model
        shares, loads = [[] for _ in range(self.workers)], [0.0] * self.workers
        for job in sorted(self.jobs, key=_expected_seconds, reverse=True):
            least = loads.index(min(loads))
            shares[least].append(job)
            loads[least] += _expected_seconds(job)
        for worker, share in enumerate(shares):
            if self._stopped:
                return
            share = sorted(share, key=lambda job: (job["page"], job["line"]))
            (self.root / f"jobs{worker}.json").write_text(json.dumps(share), encoding="utf-8")
            with open(self.root / f"worker{worker}.log", "w") as log:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-m", "examples.runner", str(self.root / f"jobs{worker}.json"), str(self.root / f"results{worker}.json")],
                    env=env, cwd=TESTS, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_in_the_background))
        for process in self.processes:
            process.wait(timeout=1800)

    def results(self) -> dict[str, dict]:
        if self._results is None:
            self._thread.join()
            found = {}
            for worker in range(self.workers):
                path = self.root / f"results{worker}.json"
                for result in json.loads(path.read_text(encoding="utf-8")) if path.exists() else []:
                    found[(result["page"], result["line"])] = result
            self._results = {job["code"]: found.get((job["page"], job["line"])) or {
                "ok": False, "error": f"the runner died before this example: see {self.root}", "output": ""}
                for job in self.jobs}
        return self._results

    def stop(self) -> None:
        self._stopped = True
        for process in self.processes:
            if process.poll() is None:
                process.kill()


EXAMPLE_RUNS = pytest.StashKey[ExampleRuns]()
