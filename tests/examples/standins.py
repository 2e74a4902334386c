"""Hub stand-ins: what a page's `from_pretrained("Qwen/Qwen3-8B")` and `load_dataset(...)` get here.

No machine here reaches a model hub. The runner sets ``HF_HUB_OFFLINE=1`` and points ``HF_HOME`` at a
cache that this module fills, in the hub cache's own layout (``hub/models--Qwen--Qwen3-8B/snapshots/<sha>``,
``refs/main``), with a tiny randomly initialised model of the hub model's architecture class, built
from its config class (hidden size 64, 2 layers, vocabulary of about 300), saved in bfloat16 like the
real checkpoints, and a byte-level tokenizer built locally with the family's special tokens and chat
template (TRL's copy of the vendor template where TRL ships one, so TRL's template handling is the
real one). The page's code runs unchanged: transformers finds the hub id in the offline cache.

Local paths that a page assumes an earlier step produced (a merged model, a LoRA adapter folder) are
created in the example's working folder, and so are the JSON Lines files it loads: the rows of the
page's own JSON Lines sample when it shows that format (so the page's data and code are run together),
otherwise a few generated rows in the format the page describes. A hub id, local path or data file that has no
stand-in here fails the example with a message saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM, FFN = 64, 2, 4, 2, 16, 128


@dataclass(frozen=True)
class Family:
    config: str  # transformers config class
    template: str  # TRL's chat template file, or a template string
    bos: str | None
    eos: str
    pad: str | None
    unk: str | None = None
    extra: tuple[str, ...] = ()  # other special tokens of the family's tokenizer
    added: tuple[str, ...] = ()  # added, non-special tokens (e.g. <think>)
    config_kwargs: tuple = ()


MISTRAL_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}"
    "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
    "{{ message['content'] + eos_token }}{% endif %}{% endfor %}"
)
PHI4_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '<|im_sep|>' + message['content'] + '<|im_end|>' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant<|im_sep|>' }}{% endif %}"
)

QWEN3 = Family("Qwen3Config", "qwen3.jinja", None, "<|im_end|>", "<|endoftext|>",
               extra=("<|im_start|>",), added=("<think>", "</think>"))
QWEN3_BASE = Family("Qwen3Config", "qwen3.jinja", None, "<|endoftext|>", "<|endoftext|>",
                    extra=("<|im_start|>", "<|im_end|>"), added=("<think>", "</think>"))
QWEN3_MOE = Family("Qwen3MoeConfig", "qwen3.jinja", None, "<|im_end|>", "<|endoftext|>",
                   extra=("<|im_start|>",), added=("<think>", "</think>"),
                   config_kwargs=(("num_experts", 4), ("num_experts_per_tok", 2), ("moe_intermediate_size", 32)))
LLAMA31 = Family("LlamaConfig", "llama3_1.jinja", "<|begin_of_text|>", "<|eot_id|>", None,
                 extra=("<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
                        "<|python_tag|>", "<|finetune_right_pad_id|>"))
LLAMA31_BASE = Family("LlamaConfig", "llama3_1.jinja", "<|begin_of_text|>", "<|end_of_text|>", None,
                      extra=("<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
                             "<|python_tag|>", "<|finetune_right_pad_id|>"))
R1_DISTILL = Family("Qwen2Config", "deepseek_r1_distill.jinja", "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>",
                    "<｜end▁of▁sentence｜>", extra=("<｜User｜>", "<｜Assistant｜>"), added=("<think>", "</think>"))
GEMMA2 = Family("Gemma2Config", "gemma.jinja", "<bos>", "<eos>", "<pad>", unk="<unk>",
                extra=("<start_of_turn>", "<end_of_turn>"))
MISTRAL = Family("MistralConfig", MISTRAL_TEMPLATE, "<s>", "</s>", None, unk="<unk>", extra=("[INST]", "[/INST]"))
PHI4 = Family("Phi3Config", PHI4_TEMPLATE, None, "<|im_end|>", "<|dummy_85|>",
              extra=("<|endoftext|>", "<|im_start|>", "<|im_sep|>"))

GPT_OSS = Family("GptOssConfig", "gptoss.jinja", "<|startoftext|>", "<|return|>", "<|endoftext|>",
                 extra=("<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|call|>", "<|constrain|>"),
                 # 24 layers like gpt-oss-20b, so the pages' per-layer target_parameters exist; few experts.
                 config_kwargs=(("num_hidden_layers", 24), ("num_local_experts", 4), ("num_experts_per_tok", 2),
                                ("sliding_window", 128),
                                ("layer_types", ["sliding_attention", "full_attention"] * 12)))

# Hub ids the pages use -> family. A page that uses another id fails until it is added here.
HUB_MODELS = {
    "Qwen/Qwen3-0.6B": QWEN3,
    "Qwen/Qwen3-0.6B-Base": QWEN3_BASE,
    "Qwen/Qwen3-4B": QWEN3,
    "Qwen/Qwen3-8B": QWEN3,
    "Qwen/Qwen3-14B": QWEN3,
    "Qwen/Qwen3-30B-A3B": QWEN3_MOE,
    "meta-llama/Llama-3.1-8B": LLAMA31_BASE,
    "meta-llama/Llama-3.1-8B-Instruct": LLAMA31,
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": R1_DISTILL,
    "google/gemma-2-9b-it": GEMMA2,
    "mistralai/Mistral-7B-Instruct-v0.3": MISTRAL,
    "microsoft/phi-4": PHI4,
    "openai/gpt-oss-20b": GPT_OSS,
}

# Local folders a page assumes an earlier step made: path -> (hub id of its base, "model" | "adapter").
LOCAL_MODELS = {
    "qwen3-4b-sentiment-merged": ("Qwen/Qwen3-4B", "model"),
    "qwen3-8b-ner-merged": ("Qwen/Qwen3-8B", "model"),
    "qwen3-8b-writer-sft-merged": ("Qwen/Qwen3-8B", "model"),
    "out/checkpoint-best": ("Qwen/Qwen3-0.6B", "model"),
    "your-base-model": ("meta-llama/Llama-3.1-8B", "model"),
    "qwen3-8b-lora/final": ("Qwen/Qwen3-8B", "adapter"),
    "qwen3-14b-qlora/final": ("Qwen/Qwen3-14B", "adapter"),
    "adapters/support": ("Qwen/Qwen3-8B", "adapter"),
    "adapters/legal": ("Qwen/Qwen3-8B", "adapter"),
}


# ── data: a few rows of each format the pages describe ──────────────────────────────────────────

def _messages(i):
    return {"messages": [{"role": "user", "content": f"問題 {i}：台北到高雄多遠？"},
                         {"role": "assistant", "content": f"大約 350 公里。({i})"}]}


def _prompt_completion(i):
    return {"prompt": [{"role": "user", "content": f"問題 {i}：台北到高雄多遠？"}],
            "completion": [{"role": "assistant", "content": f"大約 350 公里。({i})"}]}


def _reasoning(i):
    return {"messages": [{"role": "user", "content": f"2 + {i} = ?"},
                         {"role": "assistant", "content": f"<think>\n2 加 {i}。\n</think>\n\n{2 + i}"}]}


def _preference(i):
    return {"prompt": [{"role": "user", "content": f"寫一句關於第 {i} 天的話。"}],
            "chosen": [{"role": "assistant", "content": "今天天氣很好，適合散步。"}],
            "rejected": [{"role": "assistant", "content": "不知道。"}]}


def _unpaired(i):
    return {"prompt": [{"role": "user", "content": f"寫一句關於第 {i} 天的話。"}],
            "completion": [{"role": "assistant", "content": "今天天氣很好。" if i % 2 else "不知道。"}],
            "label": bool(i % 2)}


def _verifiable(i):
    return {"prompt": [{"role": "user", "content": f"2 + {i} = ? Answer in <think></think><answer></answer>."}],
            "solution": str(2 + i)}


LABELS = ["positive", "negative", "neutral"]


def _classification_chat(i):
    return {"prompt": [{"role": "user", "content": f"評論 {i}：出貨很快。"}],
            "completion": [{"role": "assistant", "content": json.dumps({"sentiment": LABELS[i % 3]})}]}


def _classification_text(i):
    return {"text": f"評論 {i}：出貨太慢，客服也不回訊息。", "label": LABELS[i % 3]}


def _messages_with_label(i):
    return {**_messages(i), "label": LABELS[i % 3]}


FORMATS = {
    "messages": _messages, "prompt-completion": _prompt_completion, "reasoning": _reasoning, "preference": _preference, "unpaired": _unpaired,
    "verifiable": _verifiable, "classification-chat": _classification_chat,
    "classification-text": _classification_text, "messages-with-label": _messages_with_label,
}

# data file -> format; (page stem, file) entries win over plain file names.
DATA_FILES = {
    "train.jsonl": "messages", "val.jsonl": "messages", "eval.jsonl": "messages",
    "reasoning_train.jsonl": "reasoning",
    "dpo_train.jsonl": "preference", "orpo_train.jsonl": "preference", "simpo_train.jsonl": "preference",
    "prefs_train.jsonl": "preference", "prefs_dev.jsonl": "preference",
    "kto_train.jsonl": "unpaired", "grpo_train.jsonl": "verifiable",
    "train_cls.jsonl": "classification-text", "dev_cls.jsonl": "classification-text",
    ("tasks/classification", "train.jsonl"): "classification-chat",
    ("tasks/classification", "dev.jsonl"): "classification-chat",
    ("troubleshooting/class-imbalance", "train.jsonl"): "messages-with-label",
    ("models/llama", "train.jsonl"): "prompt-completion",
}
ROWS = 16


def data_format(page: str, name: str) -> str | None:
    stem = re.sub(r"(\.en)?\.md$", "", page)
    return DATA_FILES.get((stem, name)) or DATA_FILES.get(name)


# ── tokenizer and models ─────────────────────────────────────────────────────────────────────────

def chat_template(family: Family) -> str:
    if family.template.endswith(".jinja"):
        return (resources.files("trl") / "chat_templates" / family.template).read_text(encoding="utf-8")
    return family.template


def build_tokenizer(family: Family):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    alphabet = pre_tokenizers.ByteLevel.alphabet()
    vocab = {ch: i for i, ch in enumerate(sorted(alphabet))}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    specials = [t for t in (family.bos, family.eos, family.pad, family.unk, *family.extra) if t]
    tok.add_special_tokens(list(dict.fromkeys(specials)))
    if family.added:
        tok.add_tokens(list(family.added))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=family.bos, eos_token=family.eos, pad_token=family.pad,
        unk_token=family.unk, model_max_length=131072,
    )
    if family.bos:
        from tokenizers import processors

        tok.post_processor = processors.TemplateProcessing(
            single=f"{family.bos} $A", pair=f"{family.bos} $A {family.bos} $B",
            special_tokens=[(family.bos, tok.token_to_id(family.bos))],
        )
        tokenizer = PreTrainedTokenizerFast(
            tokenizer_object=tok, bos_token=family.bos, eos_token=family.eos, pad_token=family.pad,
            unk_token=family.unk, model_max_length=131072,
        )
    tokenizer.chat_template = chat_template(family)
    return tokenizer


def build_model(family: Family, tokenizer, kind: str = "causal-lm"):
    import torch
    import transformers

    config_class = getattr(transformers, family.config)
    ids = {name: tokenizer.convert_tokens_to_ids(tok) if tok else None
           for name, tok in (("bos_token_id", family.bos), ("eos_token_id", family.eos), ("pad_token_id", family.pad))}
    sizes = dict(
        vocab_size=len(tokenizer), hidden_size=HIDDEN, intermediate_size=FFN, num_hidden_layers=LAYERS,
        num_attention_heads=HEADS, num_key_value_heads=KV_HEADS, head_dim=HEAD_DIM, max_position_embeddings=4096,
    )
    config = config_class(**{**sizes, **ids, **dict(family.config_kwargs)})
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(config)
    return model.to(torch.bfloat16)  # the real checkpoints are bfloat16


def save_model_folder(hub_id: str, folder: Path):
    family = HUB_MODELS[hub_id]
    tokenizer = build_tokenizer(family)
    model = build_model(family, tokenizer)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if family is GPT_OSS:
        pack_experts_as_mxfp4(folder)


# The real gpt-oss checkpoints store the experts' weights in MXFP4 (per 32 values, 16 bytes of packed
# 4-bit values and one exponent byte) and say so in config.json; loading them with
# Mxfp4Config(dequantize=True) turns them back into bfloat16 and drops the quantization config, which
# is what makes the model trainable. The stand-in is stored the same way so that path is the one run.
GPT_OSS_QUANTIZATION = {
    "quant_method": "mxfp4",
    "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"],
}


def pack_experts_as_mxfp4(folder: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    path = folder / "model.safetensors"
    tensors = load_file(path)
    generator = torch.Generator().manual_seed(0)
    for name in [n for n in tensors if n.endswith(("experts.gate_up_proj", "experts.down_proj"))]:
        experts, rows_in, cols_out = tensors.pop(name).shape  # stored (experts, in, out); MXFP4 blocks run along "in"
        groups = rows_in // 32
        tensors[name + "_blocks"] = torch.randint(0, 256, (experts, cols_out, groups, 16), dtype=torch.uint8, generator=generator)
        tensors[name + "_scales"] = torch.full((experts, cols_out, groups), 127 - 3, dtype=torch.uint8)  # 2**-3
    save_file(tensors, path, metadata={"format": "pt"})
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["quantization_config"] = GPT_OSS_QUANTIZATION
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def build_hub_cache(hf_home: Path) -> None:
    """Each hub id as a snapshot in an offline hub cache under hf_home (the layout huggingface_hub reads)."""
    for hub_id in HUB_MODELS:
        repo = hf_home / "hub" / ("models--" + hub_id.replace("/", "--"))
        sha = hashlib.sha1(hub_id.encode()).hexdigest()
        snapshot = repo / "snapshots" / sha
        if (repo / "refs" / "main").exists():
            continue
        save_model_folder(hub_id, snapshot)
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        (repo / "refs" / "main").write_text(sha)


def local_folder(hub_id: str, kind: str, folder: Path, hf_home: Path) -> None:
    import shutil

    snapshot = next((hf_home / "hub" / ("models--" + hub_id.replace("/", "--")) / "snapshots").iterdir())
    if kind == "model":
        shutil.copytree(snapshot, folder)
        return
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(snapshot)
    adapter = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules="all-linear", task_type="CAUSAL_LM"))
    adapter.save_pretrained(folder)


def page_samples(page: str) -> list[list[dict]]:
    """The rows of each JSON Lines block on the page (its own description of the data format)."""
    from .blocks import DOCS

    path = DOCS / page
    if not path.exists():
        return []
    samples, rows, inside = [], None, False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not inside and re.match(r"^`{3,}\s*(jsonl|\{\.jsonl)", stripped):
            inside, rows = True, []
        elif inside and stripped.startswith("```"):
            inside = False
            if rows:
                samples.append(rows)
        elif inside and stripped:
            rows.append(json.loads(stripped))
    return samples


def rows_for(page: str, fmt: str) -> list[dict]:
    """The page's own sample rows when it shows this format (same keys, or more), else generated rows."""
    keys = set(FORMATS[fmt](0))
    fitting = [rows for rows in page_samples(page) if all(keys <= set(row) for row in rows)]
    if fitting:
        rows = min(fitting, key=lambda rows: len(set(rows[0]) - keys))
        return [rows[i % len(rows)] for i in range(ROWS)]
    return [FORMATS[fmt](i) for i in range(ROWS)]


def prepare_workdir(page: str, code: str, workdir: Path, hf_home: Path) -> list[str]:
    """Create what the code refers to in its working folder; return the unknown data files."""
    literals = set(re.findall(r"""["']([^"'\n]+)["']""", code))
    for path, (hub_id, kind) in LOCAL_MODELS.items():
        if path in literals and not (workdir / path).exists():
            local_folder(hub_id, kind, workdir / path, hf_home)
    missing = []
    for name in sorted(n for n in literals if n.endswith((".jsonl", ".json")) and "/" not in n):
        fmt = data_format(page, name)
        if fmt is None:
            missing.append(name)
            continue
        rows = rows_for(page, fmt)
        (workdir / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return missing
