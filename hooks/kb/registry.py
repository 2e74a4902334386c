"""Which comparison tables exist: their data file, caption, columns and filters.

A table's special behaviour is declared here as data (which filter is named in the caption, which
column a single-value filter makes redundant, which field adds a link to the sources), and
kb.markers applies it the same way to every table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from kb import cells
from kb.cells import CellBuilder
from kb.schema import FAMILY_NAMES


@dataclass(frozen=True)
class Column:
    key: str
    header: dict[str, str]
    cell: CellBuilder
    numeric: bool = False
    # Cells of a few sentences: the column gets a minimum width, or the browser squeezes it in a wide
    # table and every row grows many lines tall.
    prose: bool = False


@dataclass(frozen=True)
class CaptionFilter:
    """A filter whose values are named in the caption ("Base models: Qwen, DeepSeek")."""

    key: str
    names: dict[str, str]
    # Filtered to one value, this column says the same thing on every row: leave it out.
    redundant_column: str | None = None


@dataclass(frozen=True)
class Table:
    data_file: str
    caption: dict[str, str]
    columns: tuple[Column, ...]
    filters: dict[str, Callable[[object], str]] = field(default_factory=dict)
    preset: dict[str, str] = field(default_factory=dict)  # filters fixed by the table itself
    sourced: bool = True
    caption_filter: CaptionFilter | None = None
    # A row field holding a URL that goes first among the row's sources, labelled by this kb.ui key.
    lead_source: tuple[str, str] | None = None
    # At phone widths each row is a card (extra.css): the first column key listed is the card's title,
    # the others follow in this order, then the columns not listed, then the sources. Per language
    # where the title differs ({"zh-TW": (...), "en": (...)}).
    card_order: tuple[str, ...] | dict[str, tuple[str, ...]] = ()

    def card_positions(self, keys: tuple[str, ...], language: str) -> dict[str, int]:
        """Each shown column's place on the card (0 is the title), for the columns `keys` shown."""
        order = self.card_order.get(language, ()) if isinstance(self.card_order, dict) else self.card_order
        ranked = [key for key in order if key in keys] + [key for key in keys if key not in order]
        return {key: position for position, key in enumerate(ranked)}


def _has_config(row) -> str:
    """Models whose architecture is in the data (the memory tables show only those)."""
    return "yes" if row.config is not None else "no"


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh-TW": zh, "en": en}


_QUICK_COLUMNS = {
    "model": _t("需求", "Need"),
    "method": _t("情況", "Situation"),
}


def _quick_choices(kind: str, caption: dict[str, str]) -> Table:
    return Table(
        data_file="quick_choices",
        caption=caption,
        columns=(
            Column("need", _QUICK_COLUMNS[kind], cells.text("need")),
            Column("choice", _t("建議", "Suggestion"), cells.linked("choice")),
            Column("why", _t("理由", "Why"), cells.text("why"), prose=True),
        ),
        preset={"kind": kind},
        filters={"kind": lambda row: row.kind},
        card_order=("need", "choice", "why"),
    )


def _memory_columns() -> tuple[Column, ...]:
    """Estimated peak GiB per GPU (kb.memory) for each method at 2K and 8K tokens, the smallest GPU
    each fits on, and full fine-tuning sharded over 8 GPUs with ZeRO-3."""
    names = {"full": _t("全參數", "Full"), "lora": _t("LoRA", "LoRA"), "qlora": _t("QLoRA", "QLoRA"), "dora": _t("DoRA", "DoRA")}
    columns = [
        Column("model", _t("模型", "Model"), cells.memory_model),
        Column("params", _t("參數量", "Parameters"), cells.model_params, numeric=True),
    ]
    for method in ("full", "lora", "qlora", "dora"):
        for seq, label in ((2048, "2K"), (8192, "8K")):
            header = {lang: f"{names[method][lang]} {label}（GiB）" if lang == "zh-TW" else f"{names[method][lang]} {label} (GiB)" for lang in names[method]}
            columns.append(Column(f"{method}_{seq}", header, cells.memory_gib(method, seq), numeric=True))
        columns.append(Column(f"fits_{method}", _t(f"{names[method]['zh-TW']} 2K 最小 GPU", f"Smallest GPU, {names[method]['en']} 2K"), cells.memory_fits(method, 2048), numeric=True))
    for stage in (1, 2):
        columns.append(Column(f"full8z{stage}_2048", _t(f"全參數 8 GPU ZeRO-{stage} 2K（GiB／GPU）", f"Full, 8 GPUs ZeRO-{stage}, 2K (GiB per GPU)"), cells.memory_gib("full", 2048, gpus=8, zero=stage), numeric=True))
    for seq, label in ((2048, "2K"), (8192, "8K")):
        columns.append(Column(f"full8_{seq}", _t(f"全參數 8 GPU ZeRO-3 {label}（GiB／GPU）", f"Full, 8 GPUs ZeRO-3, {label} (GiB per GPU)"), cells.memory_gib("full", seq, gpus=8, zero=3), numeric=True))
    columns.append(Column("config", _t("架構來源", "Architecture source"), cells.memory_config_source))
    return tuple(columns)


TABLES: dict[str, Table] = {
    "models": Table(
        data_file="models",
        caption=_t("基礎模型一覽", "Base models"),
        columns=(
            Column("family", _t("系列", "Family"), cells.model_family(FAMILY_NAMES)),
            Column("variant", _t("版本", "Variant"), cells.linked("variant")),
            Column("released", _t("發布", "Released"), cells.plain("released", sortable=True)),
            Column("params", _t("參數量", "Parameters"), cells.model_params, numeric=True),
            Column("architecture", _t("架構・注意力", "Architecture · attention"), cells.model_architecture),
            Column("context", _t("上下文長度", "Context length"), cells.model_context, numeric=True),
            Column("license", _t("授權", "Licence"), cells.model_license),
            Column("chinese", _t("中文能力", "Chinese ability"), cells.text("chinese"), prose=True),
        ),
        filters={"family": lambda row: row.family, "architecture": lambda row: row.architecture},
        caption_filter=CaptionFilter("family", FAMILY_NAMES, redundant_column="family"),
        lead_source=("model_card", "model_card"),
        # What readers come for first: size, context, licence.
        card_order=("variant", "params", "context", "license", "architecture", "released", "family", "chinese"),
    ),
    "training_methods": Table(
        data_file="training_methods",
        caption=_t("訓練方法比較", "Training methods compared"),
        columns=(
            Column("name", _t("方法", "Method"), cells.linked("name")),
            Column("trains", _t("訓練哪些參數", "What is trained"), cells.text("trains"), prose=True),
            Column("trainable_share", _t("可訓練參數比例", "Trainable share"), cells.text("trainable_share")),
            Column("memory", _t("記憶體（相對全參數微調）", "Memory vs full fine-tuning"), cells.text("memory_vs_full"), prose=True),
            Column("when", _t("適用時機", "When to use"), cells.text("when_to_use"), prose=True),
            Column("paper", _t("論文", "Paper"), cells.paper),
        ),
        card_order=("name", "when", "memory", "trainable_share", "trains", "paper"),
    ),
    "alignment_methods": Table(
        data_file="alignment_methods",
        caption=_t("對齊方法比較", "Alignment methods compared"),
        columns=(
            Column("name", _t("方法", "Method"), cells.linked("name")),
            Column("data", _t("需要的資料", "Data needed"), cells.alignment_data, prose=True),
            Column("reference_model", _t("參考模型", "Reference model"), cells.needed("reference_model")),
            Column("reward_model", _t("獎勵模型", "Reward model"), cells.needed("reward_model")),
            Column("hyperparameters", _t("關鍵超參數（常見值）", "Key hyperparameters (typical)"), cells.hyperparameters),
            Column("trl", _t("TRL 訓練器", "TRL trainer"), cells.plain("trl_trainer")),
            Column("paper", _t("論文", "Paper"), cells.paper),
        ),
        filters={"data": lambda row: row.data},
        card_order=("name", "data", "reference_model", "reward_model", "trl", "hyperparameters", "paper"),
    ),
    "lora_presets": Table(
        data_file="lora_presets",
        caption=_t("依資料量的 LoRA 起始設定（經驗法則）", "LoRA starting points by data size (rules of thumb)"),
        columns=(
            Column("examples", _t("訓練樣本數", "Training examples"), cells.lora_examples, numeric=True),
            Column("rank", _t("rank（r）", "Rank (r)"), cells.lora_value("rank"), numeric=True),
            Column("alpha", _t("alpha（α）", "Alpha (α)"), cells.lora_value("alpha"), numeric=True),
            Column("rationale", _t("理由", "Rationale"), cells.text("rationale"), prose=True),
            Column("caveats", _t("注意", "Caveats"), cells.text("caveats"), prose=True),
        ),
        card_order=("examples", "rank", "alpha", "rationale", "caveats"),
    ),
    "troubleshooting": Table(
        data_file="troubleshooting",
        caption=_t("症狀、可能原因與修正", "Symptom, likely causes and fixes"),
        columns=(
            Column("symptom", _t("症狀", "Symptom"), cells.linked("symptom")),
            Column("causes", _t("可能原因", "Likely causes"), cells.text("causes"), prose=True),
            Column("fixes", _t("修正方法", "Fixes"), cells.text("fixes"), prose=True),
        ),
        card_order=("symptom", "causes", "fixes"),
    ),
    "quick_models": _quick_choices("model", _t("依需求選模型", "Which model for which need")),
    "quick_methods": _quick_choices("method", _t("依情況選方法", "Which method for which situation")),
    # Rows: data/models.yml rows with architecture fields; pick them with model=ID,ID and the
    # figures with columns=…: e.g. <!-- table: memory model=qwen3-8b columns=model,lora_2048,qlora_2048 -->
    "memory": Table(
        data_file="models",
        caption=_t(
            "估計的單張 GPU 峰值記憶體（GiB）：micro-batch 1、gradient checkpointing、AdamW；LoRA／DoRA r=16 套用所有線性層、bf16 基礎模型；QLoRA 為 NF4 雙重量化",
            "Estimated peak memory per GPU (GiB): micro-batch 1, gradient checkpointing, AdamW; LoRA / DoRA r=16 on all linear layers over a bf16 base; QLoRA over NF4 with double quantization",
        ),
        columns=_memory_columns(),
        filters={
            "model": lambda row: row.id,
            "family": lambda row: row.family,
            "with_config": _has_config,
        },
        preset={"with_config": "yes"},
        sourced=False,
    ),
    # The architecture fields behind the memory figures; the calculator reads its models from this
    # table (fixed column order: see memory-calculator.js TABLE_KEYS).
    "memory_architectures": Table(
        data_file="models",
        caption=_t("記憶體估計使用的架構欄位（來自各 checkpoint 的 config.json）", "Architecture fields behind the memory estimates (from each checkpoint's config.json)"),
        columns=(
            Column("model", _t("模型", "Model"), cells.linked("variant")),
            Column("layers", _t("層數", "Layers"), cells.config_value("layers"), numeric=True),
            Column("hidden_size", _t("隱藏維度", "Hidden size"), cells.config_value("hidden_size"), numeric=True),
            Column("heads", _t("注意力頭", "Heads"), cells.config_value("heads"), numeric=True),
            Column("kv_heads", _t("KV 頭", "KV heads"), cells.config_value("kv_heads"), numeric=True),
            Column("head_dim", _t("頭維度", "Head dim"), cells.config_value("head_dim"), numeric=True),
            Column("intermediate_size", _t("MLP 中間維度", "Intermediate size"), cells.config_value("intermediate_size"), numeric=True),
            Column("vocab_size", _t("詞彙表", "Vocabulary"), cells.config_value("vocab_size"), numeric=True),
            Column("tied_embeddings", _t("共用 embedding", "Tied embeddings"), cells.config_value("tied_embeddings")),
            Column("experts", _t("專家數", "Experts"), cells.config_value("experts"), numeric=True),
            Column("experts_active", _t("啟用專家", "Active experts"), cells.config_value("experts_active"), numeric=True),
            Column("moe_intermediate_size", _t("專家中間維度", "Expert intermediate size"), cells.config_value("moe_intermediate_size"), numeric=True),
            Column("config", _t("來源", "Source"), cells.memory_config_source),
        ),
        filters={"with_config": _has_config},
        preset={"with_config": "yes"},
        sourced=False,
    ),
    "memory_measurements": Table(
        data_file="memory_measurements",
        caption=_t("記憶體模型的估計與公開實測值", "The memory model's estimate against published measurements"),
        columns=(
            Column("name", _t("模型", "Model"), cells.plain("name")),
            Column("run", _t("設定", "Run"), cells.measurement_run),
            Column("conditions", _t("實測條件", "Conditions"), cells.text("conditions"), prose=True),
            Column("measured", _t("實測", "Measured"), cells.measurement_measured, numeric=True),
            Column("estimate", _t("估計（GiB）", "Estimate (GiB)"), cells.measurement_estimate, numeric=True),
            Column("error", _t("誤差", "Error"), cells.measurement_error, numeric=True),
            Column("why", _t("超出容許範圍的原因", "Why outside the tolerance"), cells.measurement_why, prose=True),
        ),
        filters={"name": lambda row: row.name, "method": lambda row: row.method},
    ),
    "glossary": Table(
        data_file="glossary",
        caption=_t("詞彙表", "Glossary"),
        columns=(
            Column("zh", _t("中文", "Chinese"), cells.plain("zh")),
            Column("en", _t("英文", "English"), cells.plain("en")),
            Column("abbr", _t("縮寫", "Abbreviation"), cells.plain("abbr")),
            Column("definition", _t("定義", "Definition"), cells.text("definition"), prose=True),
            Column("page", _t("說明頁", "Page"), cells.term_page),
        ),
        sourced=False,
        card_order={"zh-TW": ("zh", "en", "abbr", "definition", "page"), "en": ("en", "zh", "abbr", "definition", "page")},
    ),
}
