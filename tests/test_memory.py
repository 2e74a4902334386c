"""The memory model (hooks/kb/memory.py): each term against hand-computed cases, the data's
architecture fields against the vendors' parameter counts, the estimate against every published
measurement in data/memory_measurements.yml, and the command line's handling of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb import memory
from kb.loader import load_site_data
from kb.memory import GIB, Architecture, InputError, Setup, estimate

ROOT = Path(__file__).resolve().parent.parent

# A small architecture whose terms are easy to count by hand.
TINY = Architecture(layers=2, hidden_size=8, heads=2, kv_heads=1, intermediate_size=16, vocab_size=10)
TINY_MOE = Architecture(layers=2, hidden_size=8, heads=2, kv_heads=1, intermediate_size=16, vocab_size=10,
                        experts=4, experts_active=2, moe_intermediate_size=4)


@pytest.fixture(scope="module")
def data():
    return load_site_data(ROOT / "data", ROOT / "docs")


# ── Parameter counts ─────────────────────────────────────────────────────────────────────────────

def test_parameter_counts_by_hand():
    # head_dim 4: q 8×8, k and v 8×4 each, o 8×8 → 64 + 32 + 32 + 64 = 192 per layer
    assert memory.attention_params(TINY) == 192
    assert memory.mlp_params(TINY) == 3 * 8 * 16  # gate, up, down
    assert memory.embedding_params(TINY) == 2 * 10 * 8  # untied: embedding and lm_head
    assert memory.norm_params(TINY) == 5 * 8
    assert memory.total_params(TINY) == 2 * (192 + 384) + 160 + 40
    # experts: 4 × 3 × 8 × 4 = 384, router 8 × 4 = 32
    assert memory.expert_params(TINY_MOE) == 416
    tied = Architecture(**{**TINY.__dict__, "tied_embeddings": True})
    assert memory.embedding_params(tied) == 80


def test_architecture_fields_match_the_vendors_parameter_counts(data):
    """The config fields reproduce each row's stated parameter count; vision-language rows count the
    text model only, so their vision encoder (up to about 0.45B) is missing."""
    checked = 0
    for row in data.rows("models"):
        if row.config is None:
            continue
        counted = memory.total_params(memory.architecture_of(row)) / 1e9
        if row.modality == "text":
            assert counted == pytest.approx(row.params_total_b, rel=0.02), row.id
        else:
            assert row.params_total_b - 0.45 <= counted <= row.params_total_b * 1.01, row.id
        checked += 1
    assert checked >= 16


def test_adapter_parameters_by_hand():
    setup = Setup(method="lora", rank=2)
    # per layer: q (8→8) 2·16, k (8→4) 2·12, v 2·12, o 2·16, gate/up (8→16) 2·24 each, down 2·24 → 256
    assert memory.adapter_params(TINY, setup) == 2 * 256
    dora = Setup(method="dora", rank=2)
    # DoRA adds one magnitude per output feature: 8 + 4 + 4 + 8 + 16 + 16 + 8 = 64 per layer
    assert memory.adapter_params(TINY, dora) == 2 * (256 + 64)
    attention_only = Setup(method="lora", rank=2, targets="attention")
    assert memory.adapter_params(TINY, attention_only) == 2 * 2 * (16 + 12 + 12 + 16)
    # Routed experts are fused parameters: "all-linear" adapts attention only
    assert memory.adapter_params(TINY_MOE, setup) == memory.adapter_params(TINY_MOE, attention_only)


# ── Terms ────────────────────────────────────────────────────────────────────────────────────────

def test_weights_by_precision():
    n = memory.total_params(TINY)
    linear = 2 * (192 + 384)
    assert memory.weight_bytes(TINY, Setup(method="lora")) == 2 * n
    int8 = Setup(method="lora", precision="int8", kbit_fp32_upcast=False)
    assert memory.weight_bytes(TINY, int8) == linear * 1 + (n - linear) * 2
    nf4 = Setup(method="qlora", precision="nf4", double_quant=False)
    assert memory.weight_bytes(TINY, nf4) == pytest.approx(linear * 0.5625 + (n - linear) * 4)
    assert memory.NF4_DOUBLE_QUANT == pytest.approx(0.5 + 0.127 / 8, abs=1e-4)
    # fused experts are not quantized: they stay 16-bit (here fp32 after the upcast)
    moe = memory.weight_bytes(TINY_MOE, nf4)
    moe_linear = 2 * 192
    assert moe == pytest.approx(moe_linear * 0.5625 + (memory.total_params(TINY_MOE) - moe_linear) * 4)


def test_trainable_states_full_and_zero():
    n = memory.total_params(TINY)

    def model_states(setup):  # the 16-bit weights are the weights term, the rest trainable states
        return memory.weight_bytes(TINY, setup) + memory.trainable_bytes(TINY, setup)[0]

    full = Setup(method="full")
    assert memory.trainable_bytes(TINY, full) == (14 * n, n)
    assert model_states(full) == 16 * n  # ZeRO's 2 + 2 + 12
    assert model_states(Setup(method="full", optimizer="adamw8bit")) == (2 + 2 + 4 + 2) * n
    # ZeRO with 4 GPUs (ZeRO paper, section 5): 4Ψ + 12Ψ/N, 2Ψ + 14Ψ/N, 16Ψ/N
    for stage, per_param in ((1, 4 + 12 / 4), (2, 2 + 14 / 4), (3, 16 / 4)):
        assert model_states(Setup(method="full", gpus=4, zero=stage)) == pytest.approx(per_param * n)
    # adapters: fp32 weight + fp32 gradient + two fp32 moments = 16 bytes; 8-bit moments 4 + 4 + 2
    lora = Setup(method="lora", rank=2)
    assert memory.trainable_bytes(TINY, lora)[0] == 16 * 512
    assert memory.trainable_bytes(TINY, Setup(method="lora", rank=2, optimizer="paged_adamw8bit"))[0] == 10 * 512


def test_activations_and_logits():
    # per token and layer: attention 2·8 + 8 + 2·4 + 8 = 40, MLP 2·8 + 4·16 = 80
    assert memory.layer_activation_elements(TINY) == 120
    no_ckpt = Setup(seq_len=3, batch=2, grad_ckpt=False)
    assert memory.activation_bytes(TINY, no_ckpt) == 2 * 6 * 120 * 2
    ckpt = Setup(seq_len=3, batch=2, grad_ckpt=True)
    assert memory.activation_bytes(TINY, ckpt) == 2 * 6 * 8 * 2 + 6 * 120 * 2
    assert memory.logit_bytes(TINY, ckpt) == 6 * 10 * 10
    # MoE: each token goes through experts_active experts, plus its router logits
    assert memory.layer_activation_elements(TINY_MOE) == 40 + 16 + 2 * 4 * 4 + 4


def test_total_is_the_sum_of_the_terms():
    result = estimate(TINY, Setup(method="qlora", precision="nf4", seq_len=64, rank=2))
    parts = result.gib()
    assert result.total == pytest.approx(sum(getattr(result, t) for t in memory.TERMS))
    assert set(parts) >= set(memory.TERMS) | {"total_gib"}
    assert result.overhead == GIB


@pytest.mark.parametrize("setup, field", [
    (Setup(seq_len=0), "seq_len"),
    (Setup(batch=-1), "batch"),
    (Setup(rank=9), "rank"),  # larger than the hidden size 8
    (Setup(zero=2, rank=2), "zero"),  # one GPU
    (Setup(method="full", precision="nf4"), "precision"),
    (Setup(method="qlora", precision="bf16"), "precision"),
    (Setup(method="lora", precision="nf4"), "precision"),
    (Setup(method="qlora", precision="nf4", gpus=2, zero=3, rank=2), "zero"),
    (Setup(optimizer="sgd"), "optimizer"),
])
def test_impossible_setups_name_the_input(setup, field):
    with pytest.raises(InputError, match=rf"^{field}:"):
        estimate(TINY, setup)


# ── Validation against published measurements ────────────────────────────────────────────────────

def _comparisons():
    return memory.compare_all(load_site_data(ROOT / "data", ROOT / "docs"))


@pytest.mark.parametrize("comparison", _comparisons(), ids=lambda c: c.row.id)
def test_estimate_within_tolerance_of_each_measurement(comparison):
    """Within ±TOLERANCE, or outside it with the reason stated (then the reason must still hold)."""
    if comparison.row.outside_model is None:
        assert comparison.within, f"{comparison.row.id}: estimate off by {comparison.error:+.0%}"
    else:
        assert not comparison.within, f"{comparison.row.id}: now within tolerance; remove outside_model"


def test_median_absolute_error_is_stated_tolerance_or_better():
    assert memory.median_absolute_error(_comparisons()) <= memory.TOLERANCE / 2


# ── Command line ─────────────────────────────────────────────────────────────────────────────────

def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    return subprocess.run([sys.executable, "-m", "kb.memory", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_cli_model_json():
    result = _cli("--model", "qwen3-8b", "--method", "qlora", "--seq-len", "4096", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= set(memory.TERMS) | {"total_gib"}
    assert out["total_gib"] == pytest.approx(sum(out[t] for t in memory.TERMS), abs=0.05)


def test_cli_arch():
    arch = "layers=32,hidden=4096,heads=32,kv_heads=8,intermediate=14336,vocab=128256"
    result = _cli("--arch", arch, "--method", "full", "--gpus", "8", "--zero", "3", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_gib"] > 0


@pytest.mark.parametrize("args, named", [
    (("--model", "no-such-model"), "model"),
    (("--model", "qwen2-5-7b-instruct"), "model"),  # a row without architecture fields
    (("--arch", "layers=-2,hidden=8,heads=2,kv_heads=1,intermediate=16,vocab=10"), "arch"),
    (("--arch", "layers=2,hidden=8"), "arch"),
    (("--model", "qwen3-8b", "--rank", "8192"), "rank"),
    (("--model", "qwen3-8b", "--method", "full", "--zero", "3"), "zero"),
    (("--model", "qwen3-8b", "--seq-len", "-1"), "seq_len"),
    (("--model", "qwen3-8b", "--method", "sgd"), "--method"),
    (("--model", "qwen3-8b", "--batch", "two"), "--batch"),
])
def test_cli_bad_input(args, named):
    result = _cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
