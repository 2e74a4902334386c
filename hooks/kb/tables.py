"""Comparison tables: which tables exist, their columns and filters, and how a marker becomes HTML.

A page places a table with a marker line, e.g. `<!-- table: models family=qwen -->` or
`<!-- table: models columns=variant,params,context -->`. Unknown tables, filters, filter values
and columns raise TableError. All data text is escaped by the Jinja template (autoescape).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from kb.loader import SiteData
from kb.schema import FAMILY_NAMES

MARKER = re.compile(r"^[ \t]*<!--\s*table:(?P<body>.*?)-->[ \t]*$", re.MULTILINE)
_OPTION = re.compile(r"^(?P<key>[a-z_]+)=(?P<value>[A-Za-z0-9_,.\-]+)$")

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class TableError(Exception):
    """A table marker asks for something that does not exist."""


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Cell:
    text: str = ""
    href: str | None = None
    sort: str | None = None  # machine-sortable value (numbers) for the sorting script
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    header: dict[str, str]
    cell: Callable[["RenderContext", object], Cell]
    numeric: bool = False
    # Cells of a few sentences: the column gets a minimum width, or the browser squeezes it in a wide
    # table and every row grows many lines tall.
    prose: bool = False


@dataclass(frozen=True)
class Table:
    data_file: str
    caption: dict[str, str]
    columns: tuple[Column, ...]
    filters: dict[str, Callable[[object], str]] = field(default_factory=dict)
    preset: dict[str, str] = field(default_factory=dict)  # filters fixed by the table itself
    sourced: bool = True


@dataclass(frozen=True)
class RenderContext:
    language: str
    page_url: str  # the current page's URL, relative to the site root, e.g. "en/models/"

    def t(self, text: dict[str, str]) -> str:
        return text[self.language]

    def href_to(self, page: str) -> str:
        """Relative URL from the current page to a docs page (zh-TW path) in the current language."""
        path, _, anchor = page.partition("#")
        target = page_url(path, self.language)
        relative = posixpath.relpath("/" + target, "/" + self.page_url) if target != self.page_url else "."
        relative = "./" if relative == "." else relative + "/"
        return relative + (f"#{anchor}" if anchor else "")


def page_url(src_path: str, language: str) -> str:
    """Where a page is published, relative to the site root: ('models/qwen.md', 'en') → 'en/models/qwen/'."""
    stem = src_path.removesuffix(".md").removesuffix(f".{language}")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return url if language == "zh-TW" else f"{language}/{url}"


def check_markers(docs_dir: Path, data: SiteData) -> list[str]:
    """Render every marker of every page once, so a bad marker stops the build before any page is written."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        language = "en" if src.endswith(".en.md") else "zh-TW"
        try:
            render_markers(path.read_text(encoding="utf-8"), data, RenderContext(language, page_url(src, language)))
        except TableError as error:
            problems.append(f"docs/{src}: {error}")
    return problems


# ── Formatting for readers ──────────────────────────────────────────────────


def format_params(total_b: float, active_b: float | None, language: str) -> str:
    total = _billions(total_b)
    if active_b is None:
        return total
    if language == "zh-TW":
        return f"總計 {total}／啟用 {_billions(active_b)}"
    return f"{total} total / {_billions(active_b)} active"


def format_tokens(tokens: int) -> str:
    """32768 → 32K, 131072 → 128K, 128000 → 128K, 1048576 → 1M, as model cards write them."""
    for unit, decimal, binary in (("M", 1_000_000, 1 << 20), ("K", 1_000, 1 << 10)):
        for size in (decimal, binary):
            if tokens >= size and tokens % size == 0:
                return f"{tokens // size}{unit}"
    return f"{tokens:,}"


def format_examples(low: int, high: int | None) -> str:
    if low == 0 and high is not None:
        return f"< {high:,}"
    if high is None:
        return f"> {low:,}"
    return f"{low:,}–{high:,}"


def _billions(value: float) -> str:
    return f"{value:g}B"


def _text(attr: str) -> Callable[[RenderContext, object], Cell]:
    return lambda ctx, row: Cell(getattr(row, attr).in_language(ctx.language))


def _linked(attr: str) -> Callable[[RenderContext, object], Cell]:
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row, attr)
        text = value if isinstance(value, str) else value.in_language(ctx.language)
        return Cell(text, href=ctx.href_to(row.page))

    return cell


def _yes_no(attr: str) -> Callable[[RenderContext, object], Cell]:
    words = {"zh-TW": ("需要", "不需要"), "en": ("Yes", "No")}
    return lambda ctx, row: Cell(words[ctx.language][0 if getattr(row, attr) else 1])


# ── Cells of the model table ────────────────────────────────────────────────


def _model_params(ctx: RenderContext, row) -> Cell:
    return Cell(format_params(row.params_total_b, row.params_active_b, ctx.language), sort=f"{row.params_total_b:g}")


def _model_context(ctx: RenderContext, row) -> Cell:
    text = format_tokens(row.context_tokens)
    if row.context_extended_tokens:
        extended = format_tokens(row.context_extended_tokens)
        text += f"（可延伸至 {extended}）" if ctx.language == "zh-TW" else f" (extendable to {extended})"
    return Cell(text, sort=str(row.context_tokens))


def _model_architecture(ctx: RenderContext, row) -> Cell:
    names = {"dense": {"zh-TW": "Dense", "en": "Dense"}, "moe": {"zh-TW": "MoE", "en": "MoE"}}
    modalities = {"vision-language": _t("視覺語言", "vision-language"), "omni": _t("全模態", "omni-modal")}
    text = f"{ctx.t(names[row.architecture])} · {row.attention}"
    if row.modality in modalities:
        text += f" · {ctx.t(modalities[row.modality])}"
    return Cell(text)


def _model_license(ctx: RenderContext, row) -> Cell:
    return Cell(row.license.name, href=row.license.url)


def _family(ctx: RenderContext, row) -> Cell:
    return Cell(FAMILY_NAMES[row.family], href=ctx.href_to(row.page))


def _alignment_data(ctx: RenderContext, row) -> Cell:
    kinds = {
        "pairs": {"zh-TW": "偏好配對（chosen／rejected）", "en": "Preference pairs (chosen / rejected)"},
        "unpaired": {"zh-TW": "不成對的好／壞標籤", "en": "Unpaired good / bad labels"},
        "reward_function": {"zh-TW": "提示詞＋獎勵函式", "en": "Prompts + reward function"},
    }
    return Cell(f"{ctx.t(kinds[row.data])}：{row.data_note.zh_TW}" if ctx.language == "zh-TW" else f"{ctx.t(kinds[row.data])}: {row.data_note.en}")


def _hyperparameters(ctx: RenderContext, row) -> Cell:
    sep = "；" if ctx.language == "zh-TW" else "; "
    return Cell(sep.join(f"{h.name} = {h.typical}" for h in row.hyperparameters))


def _paper(ctx: RenderContext, row) -> Cell:
    if row.paper is None:
        return Cell("—")
    return Cell(row.paper.title, href=row.paper.url)


def _lora_examples(ctx: RenderContext, row) -> Cell:
    return Cell(format_examples(row.examples_min, row.examples_max), sort=str(row.examples_min))


def _lora_value(attr: str) -> Callable[[RenderContext, object], Cell]:
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row, attr)
        text = f"≥ {value}" if row.at_least else str(value)
        if attr == "rank" and row.full_ft_alternative:
            text += "（或全參數微調）" if ctx.language == "zh-TW" else " (or full fine-tuning)"
        return Cell(text, sort=str(value))

    return cell


def _term_page(ctx: RenderContext, row) -> Cell:
    if row.page is None:
        return Cell("—")
    return Cell("閱讀" if ctx.language == "zh-TW" else "Read", href=ctx.href_to(row.page))


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh-TW": zh, "en": en}


# ── The tables ──────────────────────────────────────────────────────────────

_MODEL_COLUMNS = (
    Column("family", _t("系列", "Family"), _family),
    Column("variant", _t("版本", "Variant"), _linked("variant")),
    Column("released", _t("發布", "Released"), lambda ctx, row: Cell(row.released, sort=row.released)),
    Column("params", _t("參數量", "Parameters"), _model_params, numeric=True),
    Column("architecture", _t("架構・注意力", "Architecture · attention"), _model_architecture),
    Column("context", _t("上下文長度", "Context length"), _model_context, numeric=True),
    Column("license", _t("授權", "Licence"), _model_license),
    Column("chinese", _t("中文能力", "Chinese ability"), _text("chinese"), prose=True),
)

TABLES: dict[str, Table] = {
    "models": Table(
        data_file="models",
        caption=_t("基礎模型一覽", "Base models"),
        columns=_MODEL_COLUMNS,
        filters={"family": lambda row: row.family, "architecture": lambda row: row.architecture},
    ),
    "training_methods": Table(
        data_file="training_methods",
        caption=_t("訓練方法比較", "Training methods compared"),
        columns=(
            Column("name", _t("方法", "Method"), _linked("name")),
            Column("trains", _t("訓練哪些參數", "What is trained"), _text("trains"), prose=True),
            Column("trainable_share", _t("可訓練參數比例", "Trainable share"), _text("trainable_share")),
            Column("memory", _t("記憶體（相對全參數微調）", "Memory vs full fine-tuning"), _text("memory_vs_full"), prose=True),
            Column("when", _t("適用時機", "When to use"), _text("when_to_use"), prose=True),
            Column("paper", _t("論文", "Paper"), _paper),
        ),
    ),
    "alignment_methods": Table(
        data_file="alignment_methods",
        caption=_t("對齊方法比較", "Alignment methods compared"),
        columns=(
            Column("name", _t("方法", "Method"), _linked("name")),
            Column("data", _t("需要的資料", "Data needed"), _alignment_data, prose=True),
            Column("reference_model", _t("參考模型", "Reference model"), _yes_no("reference_model")),
            Column("reward_model", _t("獎勵模型", "Reward model"), _yes_no("reward_model")),
            Column("hyperparameters", _t("關鍵超參數（常見值）", "Key hyperparameters (typical)"), _hyperparameters),
            Column("trl", _t("TRL 訓練器", "TRL trainer"), lambda ctx, row: Cell(row.trl_trainer)),
            Column("paper", _t("論文", "Paper"), _paper),
        ),
        filters={"data": lambda row: row.data},
    ),
    "lora_presets": Table(
        data_file="lora_presets",
        caption=_t("依資料量的 LoRA 起始設定（經驗法則）", "LoRA starting points by data size (rules of thumb)"),
        columns=(
            Column("examples", _t("訓練樣本數", "Training examples"), _lora_examples, numeric=True),
            Column("rank", _t("rank（r）", "Rank (r)"), _lora_value("rank"), numeric=True),
            Column("alpha", _t("alpha（α）", "Alpha (α)"), _lora_value("alpha"), numeric=True),
            Column("rationale", _t("理由", "Rationale"), _text("rationale"), prose=True),
            Column("caveats", _t("注意", "Caveats"), _text("caveats"), prose=True),
        ),
    ),
    "troubleshooting": Table(
        data_file="troubleshooting",
        caption=_t("症狀、可能原因與修正", "Symptom, likely causes and fixes"),
        columns=(
            Column("symptom", _t("症狀", "Symptom"), _linked("symptom")),
            Column("causes", _t("可能原因", "Likely causes"), _text("causes"), prose=True),
            Column("fixes", _t("修正方法", "Fixes"), _text("fixes"), prose=True),
        ),
    ),
    "quick_models": Table(
        data_file="quick_choices",
        caption=_t("依需求選模型", "Which model for which need"),
        columns=(
            Column("need", _t("需求", "Need"), _text("need")),
            Column("choice", _t("建議", "Suggestion"), _linked("choice")),
            Column("why", _t("理由", "Why"), _text("why"), prose=True),
        ),
        preset={"kind": "model"},
        filters={"kind": lambda row: row.kind},
    ),
    "quick_methods": Table(
        data_file="quick_choices",
        caption=_t("依情況選方法", "Which method for which situation"),
        columns=(
            Column("need", _t("情況", "Situation"), _text("need")),
            Column("choice", _t("建議", "Suggestion"), _linked("choice")),
            Column("why", _t("理由", "Why"), _text("why"), prose=True),
        ),
        preset={"kind": "method"},
        filters={"kind": lambda row: row.kind},
    ),
    "glossary": Table(
        data_file="glossary",
        caption=_t("詞彙表", "Glossary"),
        columns=(
            Column("zh", _t("中文", "Chinese"), lambda ctx, row: Cell(row.zh)),
            Column("en", _t("英文", "English"), lambda ctx, row: Cell(row.en)),
            Column("abbr", _t("縮寫", "Abbreviation"), lambda ctx, row: Cell(row.abbr or "—")),
            Column("definition", _t("定義", "Definition"), _text("definition"), prose=True),
            Column("page", _t("說明頁", "Page"), _term_page),
        ),
        sourced=False,
    ),
}

_UI = {
    "sources": _t("來源", "Sources"),
    "checked": _t("查核日期", "Checked"),
    "model_card": _t("模型卡", "Model card"),
}


# ── Markers ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Request:
    table: str
    filters: dict[str, tuple[str, ...]]
    columns: tuple[str, ...] | None


def parse_marker(body: str) -> Request:
    words = body.split()
    if not words:
        raise TableError("empty table marker: write <!-- table: NAME [filter=value] [columns=a,b] -->")
    name, options = words[0], words[1:]
    if name not in TABLES:
        raise TableError(f"unknown table {name!r} (known: {', '.join(sorted(TABLES))})")
    table = TABLES[name]
    filters: dict[str, tuple[str, ...]] = {}
    columns: tuple[str, ...] | None = None
    for option in options:
        match = _OPTION.match(option)
        if not match:
            raise TableError(f"table {name!r}: malformed option {option!r} (expected key=value)")
        key, values = match["key"], tuple(match["value"].split(","))
        if key == "columns":
            known = [c.key for c in table.columns]
            unknown = [c for c in values if c not in known]
            if unknown:
                raise TableError(f"table {name!r}: unknown column(s) {', '.join(unknown)} (known: {', '.join(known)})")
            columns = values
        elif key in table.filters and key not in table.preset:
            filters[key] = values
        else:
            allowed = sorted(set(table.filters) - set(table.preset))
            raise TableError(f"table {name!r}: unknown filter {key!r} (filters: {', '.join(allowed) or 'none'}; or columns=)")
    return Request(name, filters, columns)


def render_markers(markdown: str, data: SiteData, ctx: RenderContext) -> str:
    """Replace every table marker in a page's Markdown by its HTML table."""
    if "<!--" not in markdown:
        return markdown
    markers = {m.start() + m.group(0).index("<!--") for m in MARKER.finditer(markdown)}
    for stray in re.finditer(r"<!--\s*tables?\b", markdown):
        if stray.start() not in markers:
            raise TableError(f"malformed table marker {markdown[stray.start():stray.start() + 40]!r}: write <!-- table: NAME … --> on its own line")
    return MARKER.sub(lambda m: "\n" + render_table(parse_marker(m["body"]), data, ctx) + "\n", markdown)


def render_table(request: Request, data: SiteData, ctx: RenderContext) -> str:
    table = TABLES[request.table]
    if table.data_file not in data.tables:
        raise TableError(f"table {request.table!r}: data/{table.data_file}.yml does not exist")
    rows = list(data.rows(table.data_file))
    for key, value in table.preset.items():
        rows = [row for row in rows if table.filters[key](row) == value]
    for key, wanted in request.filters.items():
        present = {table.filters[key](row) for row in rows}
        missing = [value for value in wanted if value not in present]
        if missing:
            raise TableError(f"table {request.table!r}: filter {key}={','.join(missing)} matches no entry")
        rows = [row for row in rows if table.filters[key](row) in wanted]

    columns = table.columns
    if request.columns:
        columns = tuple(c for key in request.columns for c in table.columns if c.key == key)
    elif "family" in request.filters and len(request.filters["family"]) == 1:
        columns = tuple(c for c in columns if c.key != "family")

    caption = ctx.t(table.caption)
    if "family" in request.filters:
        caption += "：" if ctx.language == "zh-TW" else ": "
        caption += "、".join(FAMILY_NAMES[f] for f in request.filters["family"]) if ctx.language == "zh-TW" else ", ".join(FAMILY_NAMES[f] for f in request.filters["family"])

    body = []
    for row in rows:
        cells = [column.cell(ctx, row) for column in columns]
        sources: tuple[Link, ...] = ()
        checked = None
        if table.sourced:
            sources = tuple(Link(s.title, s.url) for s in row.sources)
            if getattr(row, "model_card", None) and all(s.url != row.model_card for s in row.sources):
                sources = (Link(ctx.t(_UI["model_card"]), row.model_card),) + sources
            checked = row.verified_on
        body.append({"id": row.id, "cells": cells, "sources": sources, "checked": checked})

    return _TEMPLATES.get_template("table.html").render(
        table_id=f"table-{request.table}" + "".join(f"-{'-'.join(v)}" for v in request.filters.values()),
        caption=caption,
        columns=[{"label": ctx.t(c.header), "numeric": c.numeric, "prose": c.prose} for c in columns],
        rows=body,
        sourced=table.sourced,
        ui={key: ctx.t(text) for key, text in _UI.items()},
        language=ctx.language,
    ).strip()
