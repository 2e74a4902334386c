"""Typed rows of every data file.

pydantic (v2) is used because it names the failing field with its full path, rejects unknown keys
(`extra="forbid"`) and refuses silent coercion in strict mode; those three are the errors a
contributor makes when editing YAML by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, model_validator

from kb.i18n import LANGUAGES


_ID = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_OR_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"must be a well-formed https:// URL, got {value!r}")
    return value


def _iso_date(value: str) -> str:
    if not _DATE.match(value):
        raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")
    dt.date.fromisoformat(value)  # rejects 2026-02-30
    return value


def _month_or_date(value: str) -> str:
    if not _MONTH_OR_DATE.match(value):
        raise ValueError(f"must be YYYY-MM or YYYY-MM-DD, got {value!r}")
    dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    return value


def _page_path(value: str) -> str:
    path = value.split("#", 1)[0]
    if not path.endswith(".md") or path.endswith(".en.md") or path.startswith("/") or ".." in path:
        raise ValueError(f"must be a docs-relative zh-TW page like 'methods/peft/lora.md', got {value!r}")
    return value


Id = Annotated[str, Field(pattern=_ID, min_length=1)]
HttpsUrl = Annotated[str, AfterValidator(_https_url)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
MonthOrDate = Annotated[str, AfterValidator(_month_or_date)]
PagePath = Annotated[str, AfterValidator(_page_path)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


class _TextInEveryLanguage(Strict):
    def in_language(self, language: str) -> str:
        return getattr(self, _field_name(language))


def _field_name(language: str) -> str:
    return language.replace("-", "_")


# Human-readable text in every language of the site ({zh-TW: "…", en: "…"}): plain text, escaped
# when rendered. Its fields are the languages in mkdocs.yml.
Text = create_model(
    "Text",
    __base__=_TextInEveryLanguage,
    **{_field_name(language): (NonEmpty, Field(alias=language)) for language in LANGUAGES},
)


class Source(Strict):
    title: NonEmpty
    url: HttpsUrl


class Sourced(Strict):
    """Every entry with facts in it says where they come from and when they were checked."""

    id: Id
    sources: list[Source] = Field(min_length=1)
    verified_on: IsoDate
    # The date the entry was first published, where known (the What's new page lists it as added).
    added: IsoDate | None = None

    @model_validator(mode="after")
    def _added_not_after_verified(self) -> "Sourced":
        if self.added is not None and self.added > self.verified_on:
            raise ValueError("added: later than verified_on")
        return self


class License(Strict):
    name: NonEmpty
    url: HttpsUrl


class Paper(Strict):
    title: NonEmpty
    url: HttpsUrl


# Model families: id → the name readers see (the same in both languages). Add a family here first.
FAMILY_NAMES: dict[str, str] = {
    "qwen": "Qwen",
    "deepseek": "DeepSeek",
    "llama": "Llama",
    "phi": "Phi",
    "gemma": "Gemma",
    "mistral": "Mistral",
    "gpt-oss": "gpt-oss",
    "taide": "TAIDE",
    "breeze": "Breeze",
    "kimi": "Kimi",
    "glm": "GLM",
    "minimax": "MiniMax",
    "granite": "Granite",
}
Family = Literal[tuple(FAMILY_NAMES)]  # type: ignore[valid-type]


class ModelConfig(Strict):
    """Architecture fields read from the checkpoint's config.json (kb.memory computes memory from
    them). All required together; MoE rows add experts, experts_active and moe_intermediate_size."""

    layers: int = Field(gt=0)
    hidden_size: int = Field(gt=0)
    heads: int = Field(gt=0)
    kv_heads: int = Field(gt=0)
    head_dim: int | None = Field(default=None, gt=0)
    intermediate_size: int = Field(gt=0)
    vocab_size: int = Field(gt=0)
    tied_embeddings: bool
    experts: int | None = Field(default=None, gt=1)
    experts_active: int | None = Field(default=None, gt=0)
    moe_intermediate_size: int | None = Field(default=None, gt=0)
    source: Source

    @model_validator(mode="after")
    def _consistent(self) -> "ModelConfig":
        if self.heads % self.kv_heads:
            raise ValueError(f"kv_heads: must divide heads ({self.heads})")
        if self.head_dim is None and self.hidden_size % self.heads:
            raise ValueError("head_dim: required when hidden_size is not a multiple of heads")
        moe = (self.experts, self.experts_active, self.moe_intermediate_size)
        if any(v is not None for v in moe) and any(v is None for v in moe):
            raise ValueError("experts: give experts, experts_active and moe_intermediate_size together")
        if self.experts is not None and self.experts_active > self.experts:
            raise ValueError("experts_active: larger than experts")
        if "/blob/main/" in self.source.url or "/resolve/main/" in self.source.url:
            raise ValueError("source.url: link the model repository page or a file at a commit, not a branch")
        return self


class Model(Sourced):
    family: Family
    variant: NonEmpty
    vendor: Text
    released: MonthOrDate
    params_total_b: float = Field(gt=0)
    params_active_b: float | None = Field(default=None, gt=0)
    architecture: Literal["dense", "moe"]
    # hybrid-linear: linear-attention layers (e.g. Gated DeltaNet) interleaved with full attention;
    # MLA-sparse: MLA with a learned sparse selection of past tokens (DeepSeek Sparse Attention).
    attention: Literal["MHA", "MQA", "GQA", "MLA", "MLA-sparse", "hybrid-linear"]
    context_tokens: int = Field(gt=0)
    context_extended_tokens: int | None = Field(default=None, gt=0)
    license: License
    modality: Literal["text", "vision-language", "omni"] = "text"
    chinese: Text
    model_card: HttpsUrl
    page: PagePath
    config: ModelConfig | None = None

    @model_validator(mode="after")
    def _active_parameters_match_architecture(self) -> "Model":
        if self.architecture == "moe" and self.params_active_b is None:
            raise ValueError("params_active_b: required when architecture is 'moe'")
        if self.architecture == "dense" and self.params_active_b is not None:
            raise ValueError("params_active_b: only for architecture 'moe' (dense models use all parameters)")
        if self.params_active_b is not None and self.params_active_b > self.params_total_b:
            raise ValueError("params_active_b: larger than params_total_b")
        if self.context_extended_tokens is not None and self.context_extended_tokens <= self.context_tokens:
            raise ValueError("context_extended_tokens: must be larger than context_tokens")
        if self.config is not None and (self.config.experts is not None) != (self.architecture == "moe"):
            raise ValueError("config.experts: required for architecture 'moe' and only for it")
        return self


class TrainingMethod(Sourced):
    name: Text
    trains: Text
    trainable_share: Text
    memory_vs_full: Text
    when_to_use: Text
    paper: Paper | None = None
    page: PagePath


class Hyperparameter(Strict):
    name: NonEmpty
    typical: NonEmpty
    note: Text


class AlignmentMethod(Sourced):
    name: NonEmpty
    data: Literal["pairs", "unpaired", "reward_function"]
    data_note: Text
    reference_model: bool
    reward_model: bool
    hyperparameters: list[Hyperparameter] = Field(min_length=1)
    paper: Paper
    trl_trainer: NonEmpty
    page: PagePath


class LoraPreset(Sourced):
    examples_min: int = Field(ge=0)
    examples_max: int | None = Field(default=None, gt=0)
    rank: int = Field(gt=0)
    alpha: int = Field(gt=0)
    at_least: bool = False
    full_ft_alternative: bool = False
    rationale: Text
    caveats: Text

    @model_validator(mode="after")
    def _range_is_ordered(self) -> "LoraPreset":
        if self.examples_max is not None and self.examples_max <= self.examples_min:
            raise ValueError("examples_max: must be larger than examples_min")
        return self


class Symptom(Sourced):
    symptom: Text
    causes: Text
    fixes: Text
    page: PagePath


class QuickChoice(Sourced):
    kind: Literal["model", "method"]
    need: Text
    choice: Text
    why: Text
    page: PagePath


class MemoryMeasurement(Sourced):
    """A published peak-memory measurement of a fine-tuning run, with its run conditions; the memory
    model's estimate is tested against it (tests/test_memory.py)."""

    name: NonEmpty  # the model as the source names it
    model: Id | None = None  # a data/models.yml row id …
    config: ModelConfig | None = None  # … or the architecture itself
    method: Literal["full", "lora", "qlora", "dora"]
    precision: Literal["bf16", "fp16", "int8", "nf4"]
    double_quant: bool = False
    kbit_fp32_upcast: bool = True  # prepare_model_for_kbit_training cast the unquantized modules to fp32
    optimizer: Literal["adamw", "adamw8bit", "paged_adamw8bit"]
    seq_len: int = Field(gt=0)
    batch: int = Field(gt=0)
    grad_ckpt: bool
    rank: int | None = Field(default=None, gt=0)
    targets: Literal["all-linear", "attention"] = "all-linear"
    gpus: int = Field(default=1, gt=0)
    zero: Literal[0, 1, 2, 3] = 0
    measured: float = Field(gt=0)
    unit: Literal["GB", "GiB"]
    where: NonEmpty  # where in the source the number is
    conditions: Text  # run conditions as the source states them
    # Why the memory model cannot match this point (the test then expects it outside the tolerance).
    outside_model: Text | None = None

    @model_validator(mode="after")
    def _one_architecture(self) -> "MemoryMeasurement":
        if (self.model is None) == (self.config is None):
            raise ValueError("model: give either model (a data/models.yml id) or config, not both")
        if self.method != "full" and self.rank is None:
            raise ValueError("rank: required for adapter methods")
        return self


class Term(Strict):
    id: Id
    zh: NonEmpty
    en: NonEmpty
    abbr: NonEmpty | None = None
    definition: Text
    page: PagePath | None = None
    # zh-TW variants of `zh` that pages must not use in running text (tests/test_terms.py).
    avoid: list[NonEmpty] = []


# One data file per table family: file stem → row type.
DATA_FILES: dict[str, type[Strict]] = {
    "models": Model,
    "training_methods": TrainingMethod,
    "alignment_methods": AlignmentMethod,
    "lora_presets": LoraPreset,
    "troubleshooting": Symptom,
    "quick_choices": QuickChoice,
    "glossary": Term,
    "memory_measurements": MemoryMeasurement,
}
