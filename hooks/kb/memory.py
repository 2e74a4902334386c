"""Peak GPU memory per GPU of one training step: the site's one memory model.

Pure functions, no MkDocs. Every memory figure on the site (tables at `<!-- table: memory … -->`
markers, the calculator at /tools/memory/, `python -m kb.memory`) comes from `estimate()`. The
browser copy of these formulas is docs/assets/javascripts/memory-calculator.js; a browser test
compares the two on a grid of inputs. The formulas and their sources are explained on
docs/methods/memory.md, with the estimate next to every published measurement in
data/memory_measurements.yml.

Units: bytes inside, GiB (2**30 bytes) out.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, replace

GIB = 2**30

METHODS = ("full", "lora", "qlora", "dora")
PRECISIONS = ("bf16", "fp16", "int8", "nf4")
OPTIMIZERS = ("adamw", "adamw8bit", "paged_adamw8bit")
TARGETS = ("all-linear", "attention")
TERMS = ("weights", "trainable_states", "activations", "logits", "overhead")

# ── Constants, each with its source (also on docs/methods/memory.md) ─────────────────────────────

# bf16 / fp16 store 2 bytes per value.
HALF = 2
FP32 = 4
# LLM.int8(): 1 byte per weight of each replaced nn.Linear (Dettmers et al., arXiv:2208.07339).
INT8 = 1.0
# NF4: 4 bits per weight plus one fp32 constant per block of 64 weights = 0.5 bit per weight; double
# quantization stores the constants in 8 bits per block of 256 → 8/64 + 32/(64·256) ≈ 0.127 bit
# (Dettmers et al., QLoRA, arXiv:2305.14314, section 3).
NF4 = 0.5 + 0.5 / 8
NF4_DOUBLE_QUANT = 0.5 + (8 / 64 + 32 / (64 * 256)) / 8
# Adam keeps two moments per trainable value. Mixed precision (ZeRO, arXiv:1910.02054, section 3.1):
# fp16/bf16 weight 2 + gradient 2 + fp32 master weight, momentum and variance 4 + 4 + 4 = 16 bytes.
ADAM_STATES = 2 * FP32
MASTER_WEIGHTS = FP32
# 8-bit Adam keeps each moment in 1 byte (blockwise quantization; Dettmers et al., arXiv:2110.02861).
ADAM8_STATES = 2 * 1
# PEFT casts bf16/fp16 adapter weights to float32 by default (get_peft_model(autocast_adapter_dtype=
# True), PEFT 0.21.2), so adapter weights and their gradients are 4 bytes each.
ADAPTER_WEIGHT = FP32
# Loss (Transformers 5.24.0, loss/loss_utils.py ForCausalLMLoss): bf16 logits (2 bytes) are upcast to
# fp32 (4) and cross-entropy keeps its fp32 log-softmax for the backward pass (4): 10 bytes per
# position and vocabulary entry at the peak of the loss.
LOGIT_BYTES = HALF + FP32 + FP32
# What PyTorch's allocator statistics do not show but the GPU holds: the CUDA context, cuBLAS/cuDNN
# workspaces and cached blocks. Stated as an assumption (a round 1 GiB), not fitted to a measurement.
OVERHEAD = 1.0 * GIB


class InputError(ValueError):
    """An input that is unknown or impossible; the message names the input."""


@dataclass(frozen=True)
class Architecture:
    layers: int
    hidden_size: int
    heads: int
    kv_heads: int
    intermediate_size: int
    vocab_size: int
    head_dim: int | None = None  # default hidden_size // heads
    tied_embeddings: bool = False
    experts: int = 0  # routed experts per MoE layer (0: dense)
    experts_active: int = 0
    moe_intermediate_size: int | None = None  # per expert; default intermediate_size

    @property
    def head_size(self) -> int:
        return self.head_dim or self.hidden_size // self.heads

    @property
    def expert_size(self) -> int:
        return self.moe_intermediate_size or self.intermediate_size


@dataclass(frozen=True)
class Setup:
    method: str = "lora"
    precision: str = "bf16"
    optimizer: str = "adamw"
    seq_len: int = 2048
    batch: int = 1
    grad_ckpt: bool = True
    rank: int = 16
    targets: str = "all-linear"
    double_quant: bool = True
    # prepare_model_for_kbit_training (PEFT) casts the modules that were not quantized (embeddings,
    # norms, lm_head) to float32; TRL's SFTTrainer calls it for quantized models.
    kbit_fp32_upcast: bool = True
    gpus: int = 1
    zero: int = 0


@dataclass(frozen=True)
class Estimate:
    weights: float
    trainable_states: float
    activations: float
    logits: float
    overhead: float
    params: int
    trainable_params: int

    @property
    def total(self) -> float:
        return self.weights + self.trainable_states + self.activations + self.logits + self.overhead

    def gib(self) -> dict[str, float]:
        out = {term: round(getattr(self, term) / GIB, 2) for term in TERMS}
        out["total_gib"] = round(self.total / GIB, 2)
        out["params"] = self.params
        out["trainable_params"] = self.trainable_params
        return out


# ── Validation ─────────────────────────────────────────────────────────────────────────────────────

def check_architecture(arch: Architecture) -> None:
    for name in ("layers", "hidden_size", "heads", "kv_heads", "intermediate_size", "vocab_size"):
        if getattr(arch, name) <= 0:
            raise InputError(f"{name}: must be a positive integer, got {getattr(arch, name)}")
    if arch.head_dim is not None and arch.head_dim <= 0:
        raise InputError(f"head_dim: must be a positive integer, got {arch.head_dim}")
    if arch.kv_heads > arch.heads or arch.heads % arch.kv_heads:
        raise InputError(f"kv_heads: must divide heads ({arch.heads}), got {arch.kv_heads}")
    if arch.head_dim is None and arch.hidden_size % arch.heads:
        raise InputError(f"heads: hidden_size ({arch.hidden_size}) is not a multiple of {arch.heads}; give head_dim")
    if arch.experts < 0 or arch.experts_active < 0:
        raise InputError("experts: must not be negative")
    if bool(arch.experts) != bool(arch.experts_active):
        raise InputError("experts: give both experts and active_experts, or neither")
    if arch.experts_active > arch.experts:
        raise InputError(f"active_experts: larger than experts ({arch.experts})")
    if arch.moe_intermediate_size is not None and arch.moe_intermediate_size <= 0:
        raise InputError("moe_intermediate_size: must be a positive integer")


def check_setup(setup: Setup, arch: Architecture) -> None:
    for name, allowed in (("method", METHODS), ("precision", PRECISIONS), ("optimizer", OPTIMIZERS), ("targets", TARGETS)):
        if getattr(setup, name) not in allowed:
            raise InputError(f"{name}: unknown value {getattr(setup, name)!r} (known: {', '.join(allowed)})")
    for name in ("seq_len", "batch", "gpus"):
        if getattr(setup, name) <= 0:
            raise InputError(f"{name}: must be a positive integer, got {getattr(setup, name)}")
    if setup.method == "full" and setup.precision not in ("bf16", "fp16"):
        raise InputError(f"precision: full fine-tuning trains the weights themselves, so bf16 or fp16, not {setup.precision}")
    if setup.method == "qlora" and setup.precision != "nf4":
        raise InputError(f"precision: QLoRA means a 4-bit NF4 base (got {setup.precision}); use method lora for a bf16 or 8-bit base")
    if setup.method == "lora" and setup.precision == "nf4":
        raise InputError("precision: LoRA on an NF4 base is QLoRA; use method qlora")
    if setup.method != "full":
        if setup.rank <= 0:
            raise InputError(f"rank: must be a positive integer, got {setup.rank}")
        if setup.rank > arch.hidden_size:
            raise InputError(f"rank: {setup.rank} is larger than the hidden size ({arch.hidden_size})")
    if setup.zero not in (0, 1, 2, 3):
        raise InputError(f"zero: stage must be 0, 1, 2 or 3, got {setup.zero}")
    if setup.zero and setup.gpus < 2:
        raise InputError(f"zero: ZeRO stage {setup.zero} shards across GPUs; it needs gpus of 2 or more")
    if setup.zero == 3 and setup.precision in ("int8", "nf4"):
        raise InputError("zero: ZeRO-3 cannot shard 8-bit or 4-bit quantized weights; use stage 0–2")


# ── Parameter counts ───────────────────────────────────────────────────────────────────────────────

def attention_params(arch: Architecture) -> int:
    """q, k, v and o projections of one layer (no biases)."""
    q = arch.heads * arch.head_size
    kv = arch.kv_heads * arch.head_size
    return arch.hidden_size * (q + 2 * kv) + q * arch.hidden_size


def mlp_params(arch: Architecture) -> int:
    """The gated MLP of one dense layer: gate, up and down projections."""
    return 3 * arch.hidden_size * arch.intermediate_size


def expert_params(arch: Architecture) -> int:
    """All routed experts of one MoE layer (each a gated MLP) and the router."""
    return arch.experts * 3 * arch.hidden_size * arch.expert_size + arch.hidden_size * arch.experts


def embedding_params(arch: Architecture) -> int:
    """Input embedding plus the output layer (lm_head) unless the two are tied."""
    return arch.vocab_size * arch.hidden_size * (1 if arch.tied_embeddings else 2)


def norm_params(arch: Architecture) -> int:
    return (2 * arch.layers + 1) * arch.hidden_size


def total_params(arch: Architecture) -> int:
    per_layer = attention_params(arch) + (expert_params(arch) if arch.experts else mlp_params(arch))
    return arch.layers * per_layer + embedding_params(arch) + norm_params(arch)


def _linear_shapes(arch: Architecture, targets: str) -> list[tuple[int, int]]:
    """(in, out) of each nn.Linear LoRA adapts in one layer. Routed experts of MoE models are fused 3D
    parameters in Transformers 5.24.0, which target_modules="all-linear" does not match."""
    h, q, kv = arch.hidden_size, arch.heads * arch.head_size, arch.kv_heads * arch.head_size
    shapes = [(h, q), (h, kv), (h, kv), (q, h)]
    if targets == "all-linear" and not arch.experts:
        i = arch.intermediate_size
        shapes += [(h, i), (h, i), (i, h)]
    return shapes


def adapter_params(arch: Architecture, setup: Setup) -> int:
    """LoRA: r·(in + out) per adapted matrix (Hu et al., arXiv:2106.09685); DoRA adds a magnitude
    vector of `out` values per matrix (Liu et al., arXiv:2402.09353)."""
    per_layer = 0
    for d_in, d_out in _linear_shapes(arch, setup.targets):
        per_layer += setup.rank * (d_in + d_out)
        if setup.method == "dora":
            per_layer += d_out
    return arch.layers * per_layer


# ── The terms ──────────────────────────────────────────────────────────────────────────────────────

def weight_bytes(arch: Architecture, setup: Setup) -> float:
    """Frozen (or, for full fine-tuning, trained) base weights held on one GPU.

    bitsandbytes replaces nn.Linear layers only; the embedding, the norms, lm_head (kept by
    Transformers for causal LMs) and fused MoE experts (3D nn.Parameter, not nn.Linear) stay in
    16-bit, or in fp32 after prepare_model_for_kbit_training.
    """
    total = total_params(arch)
    if setup.precision in ("bf16", "fp16"):
        size = total * HALF  # for full fine-tuning these are the trained 16-bit weights
        return size / setup.gpus if setup.zero == 3 else size
    linear = arch.layers * (attention_params(arch) + (0 if arch.experts else mlp_params(arch)))
    rest = total - linear
    per_weight = INT8 if setup.precision == "int8" else (NF4_DOUBLE_QUANT if setup.double_quant else NF4)
    return linear * per_weight + rest * (FP32 if setup.kbit_fp32_upcast else HALF)


def trainable_bytes(arch: Architecture, setup: Setup) -> tuple[float, int]:
    """Trained values with their gradients and optimizer states, per GPU after ZeRO sharding.

    Full fine-tuning (mixed precision): the 16-bit weights are the `weights` term; here the 16-bit
    gradient, the fp32 master weight and the Adam moments. Adapters: fp32 weight + fp32 gradient +
    Adam moments (no separate master copy). ZeRO stage 1 shards the optimizer states, stage 2 also
    the gradients, stage 3 also the weights.
    """
    moments = ADAM_STATES if setup.optimizer == "adamw" else ADAM8_STATES
    if setup.method == "full":
        n = total_params(arch)
        weight, grad, states = 0, HALF, MASTER_WEIGHTS + moments
    else:
        n = adapter_params(arch, setup)
        weight, grad, states = ADAPTER_WEIGHT, ADAPTER_WEIGHT, moments
    g = setup.gpus
    if setup.zero >= 1:
        states /= g
    if setup.zero >= 2:
        grad /= g
    if setup.zero >= 3:
        weight /= g
    return n * (weight + grad + states), n


def layer_activation_elements(arch: Architecture) -> int:
    """Values one decoder layer keeps for the backward pass, per token, each 2 bytes (the counting of
    Korthikanti et al., arXiv:2205.05198, section 4.1, without dropout masks, with a gated MLP and
    with FlashAttention/SDPA, which keeps no seq×seq score matrix). Attention: the norm input, the
    q/k/v input, q, k, v and the attention output. MLP: the norm input, the gate/up input, gate, up,
    the activation and the product fed to the down projection (for MoE, in each of the experts a
    token is routed to, plus the router logits)."""
    h, q, kv = arch.hidden_size, arch.heads * arch.head_size, arch.kv_heads * arch.head_size
    attention = 2 * h + q + 2 * kv + q
    if arch.experts:
        mlp = 2 * h + arch.experts_active * 4 * arch.expert_size + arch.experts
    else:
        mlp = 2 * h + 4 * arch.intermediate_size
    return attention + mlp


def activation_bytes(arch: Architecture, setup: Setup) -> float:
    """Without gradient checkpointing every layer keeps its activations. With it (Transformers
    checkpoints each decoder layer) only each layer's input is kept, and one layer's activations
    are rebuilt at a time in the backward pass (Chen et al., arXiv:1604.06174)."""
    tokens = setup.seq_len * setup.batch
    one_layer = tokens * layer_activation_elements(arch) * HALF
    if setup.grad_ckpt:
        return arch.layers * tokens * arch.hidden_size * HALF + one_layer
    return arch.layers * one_layer


def logit_bytes(arch: Architecture, setup: Setup) -> float:
    return setup.seq_len * setup.batch * arch.vocab_size * LOGIT_BYTES


def estimate(arch: Architecture, setup: Setup) -> Estimate:
    check_architecture(arch)
    check_setup(setup, arch)
    states, trainable = trainable_bytes(arch, setup)
    return Estimate(
        weights=weight_bytes(arch, setup),
        trainable_states=states,
        activations=activation_bytes(arch, setup),
        logits=logit_bytes(arch, setup),
        overhead=OVERHEAD,
        params=total_params(arch),
        trainable_params=trainable,
    )


# ── Architectures from data/models.yml ─────────────────────────────────────────────────────────────

def architecture_of(row) -> Architecture:
    """The Architecture of a data/models.yml row that carries `config:` fields."""
    config = getattr(row, "config", None)
    if config is None:
        raise InputError(f"model: {row.id!r} has no architecture fields (config:) in data/models.yml")
    return Architecture(
        layers=config.layers,
        hidden_size=config.hidden_size,
        heads=config.heads,
        kv_heads=config.kv_heads,
        head_dim=config.head_dim,
        intermediate_size=config.intermediate_size,
        vocab_size=config.vocab_size,
        tied_embeddings=config.tied_embeddings,
        experts=config.experts or 0,
        experts_active=config.experts_active or 0,
        moe_intermediate_size=config.moe_intermediate_size,
    )


def setup_for(method: str, **overrides) -> Setup:
    """The site's stated conditions for a method: micro-batch 1, gradient checkpointing on, AdamW,
    LoRA rank 16 on all linear layers; QLoRA on NF4 with double quantization."""
    precision = {"full": "bf16", "lora": "bf16", "dora": "bf16", "qlora": "nf4"}[method]
    return replace(Setup(method=method, precision=precision), **overrides)


# ── Validation against published measurements (data/memory_measurements.yml) ─────────────────────

# The estimate should be within this share of each measurement (the aim: ±20 %).
TOLERANCE = 0.20
_UNIT = {"GB": 1e9, "GiB": GIB}


@dataclass(frozen=True)
class Comparison:
    row: object
    estimate: Estimate
    measured_gib: float

    @property
    def error(self) -> float:
        """Relative error of the estimate: (estimate − measured) / measured."""
        return (self.estimate.total / GIB - self.measured_gib) / self.measured_gib

    @property
    def within(self) -> bool:
        return abs(self.error) <= TOLERANCE


def measurement_setup(row) -> Setup:
    return Setup(
        method=row.method, precision=row.precision, optimizer=row.optimizer, seq_len=row.seq_len,
        batch=row.batch, grad_ckpt=row.grad_ckpt, rank=row.rank or 16, targets=row.targets,
        double_quant=row.double_quant, kbit_fp32_upcast=row.kbit_fp32_upcast, gpus=row.gpus, zero=row.zero,
    )


def compare(row, models: dict) -> Comparison:
    """The estimate for one measurement row; `models` maps data/models.yml ids to rows."""
    arch = architecture_of(models[row.model]) if row.model else architecture_of(row)
    return Comparison(row, estimate(arch, measurement_setup(row)), row.measured * _UNIT[row.unit] / GIB)


def compare_all(data) -> list[Comparison]:
    models = {row.id: row for row in data.rows("models")}
    return [compare(row, models) for row in data.rows("memory_measurements")]


def median_absolute_error(comparisons: list[Comparison]) -> float:
    errors = sorted(abs(c.error) for c in comparisons)
    mid = len(errors) // 2
    return errors[mid] if len(errors) % 2 else (errors[mid - 1] + errors[mid]) / 2


# ── Command line: python -m kb.memory ──────────────────────────────────────────────────────────────

_ARCH_KEYS = {
    "layers": "layers", "hidden": "hidden_size", "heads": "heads", "kv_heads": "kv_heads",
    "intermediate": "intermediate_size", "vocab": "vocab_size", "head_dim": "head_dim",
    "experts": "experts", "active_experts": "experts_active", "moe_intermediate": "moe_intermediate_size",
    "tied": "tied_embeddings",
}
_ARCH_REQUIRED = ("layers", "hidden", "heads", "kv_heads", "intermediate", "vocab")


def parse_arch(text: str) -> Architecture:
    values: dict[str, object] = {}
    for item in text.split(","):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in _ARCH_KEYS:
            raise InputError(f"arch: unknown item {item!r} (known: {', '.join(_ARCH_KEYS)})")
        if key == "tied":
            if value not in ("0", "1", "true", "false"):
                raise InputError(f"arch: tied must be true or false, got {value!r}")
            values[_ARCH_KEYS[key]] = value in ("1", "true")
            continue
        try:
            number = int(value)
        except ValueError:
            raise InputError(f"arch: {key} must be an integer, got {value!r}") from None
        if number <= 0:
            raise InputError(f"arch: {key} must be a positive integer, got {number}")
        values[_ARCH_KEYS[key]] = number
    missing = [k for k in _ARCH_REQUIRED if _ARCH_KEYS[k] not in values]
    if missing:
        raise InputError(f"arch: missing {', '.join(missing)}")
    return Architecture(**values)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit status 2
        self.exit(2, f"error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="PYTHONPATH=hooks python -m kb.memory", description="Estimate peak GPU memory per GPU for fine-tuning.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--model", help="a row id of data/models.yml, e.g. qwen3-8b")
    which.add_argument("--arch", help="layers=N,hidden=N,heads=N,kv_heads=N,intermediate=N,vocab=N[,experts=N,active_experts=N,head_dim=N,moe_intermediate=N,tied=true]")
    p.add_argument("--method", choices=METHODS, default="lora")
    p.add_argument("--precision", choices=PRECISIONS)
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    p.add_argument("--seq-len", type=int, default=2048)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--grad-ckpt", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--targets", choices=TARGETS, default="all-linear")
    p.add_argument("--no-double-quant", action="store_true")
    p.add_argument("--gpus", type=int, default=1)
    p.add_argument("--zero", type=int, choices=(0, 1, 2, 3), default=0)
    p.add_argument("--json", action="store_true", help="print the breakdown as JSON")
    return p


def _load_model(model_id: str) -> Architecture:
    from pathlib import Path

    from kb.loader import load_site_data

    root = Path(__file__).resolve().parent.parent.parent
    rows = {row.id: row for row in load_site_data(root / "data", root / "docs").rows("models")}
    if model_id not in rows:
        raise InputError(f"model: unknown id {model_id!r} (see data/models.yml)")
    return architecture_of(rows[model_id])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        arch = _load_model(args.model) if args.model else parse_arch(args.arch)
        precision = args.precision or ("nf4" if args.method == "qlora" else "bf16")
        setup = Setup(
            method=args.method, precision=precision, optimizer=args.optimizer, seq_len=args.seq_len,
            batch=args.batch, grad_ckpt=args.grad_ckpt, rank=args.rank, targets=args.targets,
            double_quant=not args.no_double_quant, gpus=args.gpus, zero=args.zero,
        )
        result = estimate(arch, setup)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    out = result.gib()
    if args.json:
        out["inputs"] = {"architecture": asdict(arch), "setup": asdict(setup)}
        print(json.dumps(out, indent=2))
    else:
        for term in TERMS:
            print(f"{term:<17} {out[term]:>8.2f} GiB")
        print(f"{'total':<17} {out['total_gib']:>8.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
