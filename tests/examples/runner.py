"""Run examples offline against the hub stand-ins; one JSON result per example.

    python -m examples.runner JOBS.json RESULTS.json      (from tests/, with the examples extra installed)

JOBS.json is a list of {"page", "line", "code"}. Each example runs unchanged, as a script would
(`__name__ == "__main__"`), in a fresh namespace and a fresh working folder holding the stand-ins it
refers to (standins.py). An example fails when it raises, when it warns of a deprecation from its own
lines (a deprecated import path, argument or default), or when it trains adapters on a frozen base
model held in float32 (the pages quote bf16 memory: say `dtype=torch.bfloat16`, or for a model
given to a TRL trainer by name, `model_init_kwargs={"dtype": "bfloat16"}`).
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
import traceback
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "WANDB_MODE": "disabled",
    "CUDA_VISIBLE_DEVICES": "",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "DISABLE_TQDM": "1",
    "ACCELERATE_USE_CPU": "1",
}


def float32_frozen_base(namespace: dict) -> list[str]:
    """Names of models in the namespace that train some parameters while frozen weights stay float32."""
    import torch

    found, seen = [], set()
    for name, value in namespace.items():
        model = getattr(value, "model", None) if hasattr(value, "train_dataset") else value  # a Trainer's model
        if not isinstance(model, torch.nn.Module) or id(model) in seen:
            continue
        seen.add(id(model))
        trainable = frozen32 = 0
        for module in model.modules():
            if isinstance(module, torch.nn.Linear):
                for p in module.parameters(recurse=False):
                    if p.requires_grad:
                        trainable += p.numel()
                    elif p.dtype == torch.float32:
                        frozen32 += p.numel()
        if trainable and frozen32 > trainable:
            found.append(name)
    return found


def cpu_stand_ins() -> None:
    """What a CPU lacks, stood in for (documented in CONTRIBUTING.md, "Code examples").

    bf16 training: TrainingArguments refuses `bf16=True` (TRL's configs default to it) without a GPU
    that supports it; the CPU's bf16 (autocast on CPU) stands in for the GPU's.
    """
    import transformers.training_args as training_args
    training_args.is_torch_bf16_gpu_available = lambda *args, **kwargs: True


class ExampleFailure(Exception):
    """A failure found after the example ran, already located (page:line: ...)."""


def run_one(job: dict, hf_home: Path) -> dict:
    from examples.blocks import Block, compile_at_page_line
    from examples.standins import prepare_workdir

    block = Block(job["page"], job["line"], job["code"])
    filename = f"docs/{block.page}"
    result = {"page": block.page, "line": block.line, "ok": False, "error": None, "output": ""}
    started = time.perf_counter()
    cwd = os.getcwd()
    output = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="example-") as workdir:
        try:
            missing = prepare_workdir(block.page, block.code, Path(workdir), hf_home)
            if missing:
                raise LookupError(f"no data stand-in for {missing}: add the file's format to tests/examples/standins.py")
            os.chdir(workdir)
            namespace = {"__name__": "__main__", "__file__": filename}
            with warnings.catch_warnings(record=True) as caught, redirect_stdout(output), redirect_stderr(output):
                warnings.simplefilter("always")
                exec(compile_at_page_line(block, filename), namespace)
            deprecations = [
                w for w in caught
                if issubclass(w.category, (DeprecationWarning, FutureWarning)) and w.filename == filename
            ]
            if deprecations:
                raise ExampleFailure("; ".join(f"{filename}:{w.lineno}: {w.category.__name__}: {w.message}" for w in deprecations))
            float32 = float32_frozen_base(namespace)
            if float32:
                raise ExampleFailure(
                    f"{filename}:{block.line}: {', '.join(float32)} trains adapters on a float32 base model; "
                    "load it in bfloat16 (dtype=torch.bfloat16, or model_init_kwargs={'dtype': 'bfloat16'})"
                )
            result["ok"] = True
        except ExampleFailure as error:
            result["error"] = str(error)
        except BaseException as error:  # SystemExit from an example is a failure too
            frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
            where = f"{filename}:{frames[-1].lineno}: " if frames else f"{filename}:{block.line}: "
            result["error"] = where + f"{type(error).__name__}: {error}"
            result["traceback"] = "".join(traceback.format_exception(error))[-6000:]
        finally:
            os.chdir(cwd)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["output"] = output.getvalue()[-3000:]
    return result


def main(jobs_file: str, results_file: str) -> int:
    os.environ.update(ENVIRONMENT)
    hf_home = Path(os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="hf-standins-")))
    import torch

    torch.set_num_threads(int(os.environ.get("EXAMPLES_TORCH_THREADS", "1")))
    from examples.standins import build_hub_cache

    build_hub_cache(hf_home)
    cpu_stand_ins()
    jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    results = []
    for job in jobs:
        result = run_one(job, hf_home)
        print(f"{'ok  ' if result['ok'] else 'FAIL'} {result['seconds']:6.1f}s docs/{job['page']}:{job['line']}"
              + ("" if result["ok"] else f"\n     {result['error'][:400]}"), file=sys.__stderr__, flush=True)
        results.append(result)
        Path(results_file).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
