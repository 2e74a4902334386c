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
