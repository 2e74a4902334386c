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
}
