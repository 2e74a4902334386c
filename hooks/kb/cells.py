"""What goes into a table cell: the cell itself, numbers formatted for readers, and cell builders.

A cell builder takes the render context and a data row and returns a Cell; kb.registry puts them in
columns. Every string a reader sees comes from the row (both languages) or from kb.ui.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kb.i18n import page_url, relative_url
from kb.ui import STRINGS, ui


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Cell:
    text: str = ""
    href: str | None = None
    sort: str | None = None  # machine-sortable value (numbers) for the sorting script


@dataclass(frozen=True)
class RenderContext:
    language: str
    page_url: str  # the current page's URL, relative to the site root, e.g. "en/models/"

    def t(self, text: dict[str, str]) -> str:
        return text[self.language]

    def ui(self, key: str, **values: str) -> str:
        return ui(key, self.language, **values)

    def href_to(self, page: str) -> str:
        """Relative URL from the current page to a docs page (zh-TW path) in the current language."""
        path, _, anchor = page.partition("#")
        return relative_url(self.page_url, page_url(path, self.language)) + (f"#{anchor}" if anchor else "")


CellBuilder = Callable[[RenderContext, object], Cell]


# ── Formatting for readers ──────────────────────────────────────────────────


def format_params(total_b: float, active_b: float | None, language: str) -> str:
    if active_b is None:
        return _billions(total_b)
    return ui("params_total_active", language, total=_billions(total_b), active=_billions(active_b))


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
    """8.2 → 8.2B; 1000 → 1T, as vendors write a trillion-parameter model."""
    return f"{value / 1000:g}T" if value >= 1000 else f"{value:g}B"


# ── Generic builders ────────────────────────────────────────────────────────


def text(attr: str) -> CellBuilder:
    """A field in both languages (kb.schema.Text)."""
    return lambda ctx, row: Cell(getattr(row, attr).in_language(ctx.language))


def plain(attr: str, *, sortable: bool = False) -> CellBuilder:
    """A field that reads the same in every language."""
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row, attr)
        return Cell(value if value is not None else "—", sort=value if sortable else None)

    return cell


def linked(attr: str) -> CellBuilder:
    """The row's name, linked to the row's page."""
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row, attr)
        label = value if isinstance(value, str) else value.in_language(ctx.language)
        return Cell(label, href=ctx.href_to(row.page))

    return cell


def needed(attr: str) -> CellBuilder:
    return lambda ctx, row: Cell(ctx.ui("needed" if getattr(row, attr) else "not_needed"))


def paper(ctx: RenderContext, row) -> Cell:
    return Cell("—") if row.paper is None else Cell(row.paper.title, href=row.paper.url)


# ── Models ──────────────────────────────────────────────────────────────────


def model_family(names: dict[str, str]) -> CellBuilder:
    return lambda ctx, row: Cell(names[row.family], href=ctx.href_to(row.page))


def model_params(ctx: RenderContext, row) -> Cell:
    return Cell(format_params(row.params_total_b, row.params_active_b, ctx.language), sort=f"{row.params_total_b:g}")


def model_context(ctx: RenderContext, row) -> Cell:
    label = format_tokens(row.context_tokens)
    if row.context_extended_tokens:
        label += ctx.ui("extendable_to", tokens=format_tokens(row.context_extended_tokens))
    return Cell(label, sort=str(row.context_tokens))


_ARCHITECTURE_NAMES = {"dense": "Dense", "moe": "MoE"}


def model_architecture(ctx: RenderContext, row) -> Cell:
    attention = ctx.ui(f"attention_{row.attention}") if f"attention_{row.attention}" in STRINGS else row.attention
    label = f"{_ARCHITECTURE_NAMES[row.architecture]} · {attention}"
    if row.modality != "text":
        label += f" · {ctx.ui(row.modality)}"
    return Cell(label)


def model_license(ctx: RenderContext, row) -> Cell:
    return Cell(row.license.name, href=row.license.url)


# ── Alignment, LoRA presets, glossary ───────────────────────────────────────

_ALIGNMENT_DATA = {
    "pairs": {"zh-TW": "偏好配對（chosen／rejected）", "en": "Preference pairs (chosen / rejected)"},
    "unpaired": {"zh-TW": "不成對的好／壞標籤", "en": "Unpaired good / bad labels"},
    "reward_function": {"zh-TW": "提示詞＋獎勵函式", "en": "Prompts + reward function"},
}


def alignment_data(ctx: RenderContext, row) -> Cell:
    return Cell(ctx.ui("label_value", label=ctx.t(_ALIGNMENT_DATA[row.data]), value=row.data_note.in_language(ctx.language)))


def hyperparameters(ctx: RenderContext, row) -> Cell:
    return Cell(ctx.ui("item_separator").join(f"{h.name} = {h.typical}" for h in row.hyperparameters))


def lora_examples(ctx: RenderContext, row) -> Cell:
    return Cell(format_examples(row.examples_min, row.examples_max), sort=str(row.examples_min))


def lora_value(attr: str) -> CellBuilder:
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row, attr)
        label = f"≥ {value}" if row.at_least else str(value)
        if attr == "rank" and row.full_ft_alternative:
            label += ctx.ui("or_full_fine_tuning")
        return Cell(label, sort=str(value))

    return cell


def term_page(ctx: RenderContext, row) -> Cell:
    return Cell("—") if row.page is None else Cell(ctx.ui("read"), href=ctx.href_to(row.page))


# ── Memory (kb.memory estimates at the site's stated conditions) ────────────

# GPU sizes the tables and the calculator test a setup against (GiB, as the cards' memory is sized).
GPU_SIZES = (16, 24, 48, 80)


def _memory_estimate(row, method: str, seq_len: int, gpus: int = 1, zero: int = 0):
    from kb import memory

    setup = memory.setup_for(method, seq_len=seq_len, gpus=gpus, zero=zero)
    return memory.estimate(memory.architecture_of(row), setup), setup


def _calculator_href(ctx: RenderContext, row, setup) -> str:
    query = f"model={row.id}&method={setup.method}&seq={setup.seq_len}"
    if setup.gpus > 1:
        query += f"&gpus={setup.gpus}&zero={setup.zero}"
    return f"{ctx.href_to('tools/memory.md')}?{query}"


def memory_gib(method: str, seq_len: int, gpus: int = 1, zero: int = 0) -> CellBuilder:
    """Estimated peak GiB per GPU, linked to the calculator with the same inputs."""
    def cell(ctx: RenderContext, row) -> Cell:
        result, setup = _memory_estimate(row, method, seq_len, gpus, zero)
        gib = result.total / 2**30
        return Cell(f"{gib:.1f}", href=_calculator_href(ctx, row, setup), sort=f"{gib:.2f}")

    return cell


def memory_fits(method: str, seq_len: int) -> CellBuilder:
    """The smallest of GPU_SIZES that holds the estimate on one GPU, or a dash."""
    def cell(ctx: RenderContext, row) -> Cell:
        result, _ = _memory_estimate(row, method, seq_len)
        gib = result.total / 2**30
        for size in GPU_SIZES:
            if gib <= size:
                return Cell(f"{size} GB", sort=str(size))
        return Cell(ctx.ui("memory_no_single_gpu"), sort="999")

    return cell


def memory_model(ctx: RenderContext, row) -> Cell:
    return Cell(row.variant, href=f"{ctx.href_to('tools/memory.md')}?model={row.id}")


def memory_config_source(ctx: RenderContext, row) -> Cell:
    return Cell("config.json", href=row.config.source.url)


# ── Memory model vs published measurements (data/memory_measurements.yml) ──


def _comparison(row):
    from pathlib import Path

    from kb import memory
    from kb.loader import load_site_data_cached

    root = Path(__file__).resolve().parent.parent.parent
    models = {m.id: m for m in load_site_data_cached(root / "data", root / "docs", revalidate=False).rows("models")}
    return memory.compare(row, models)


_METHOD_NAMES = {"full": "Full", "lora": "LoRA", "qlora": "QLoRA", "dora": "DoRA"}


def measurement_run(ctx: RenderContext, row) -> Cell:
    text = f"{_METHOD_NAMES[row.method]} · {row.precision} · r={row.rank} · {row.seq_len:,} tokens · batch {row.batch}"
    if row.gpus > 1:
        text += f" · {row.gpus} GPUs ZeRO-{row.zero}"
    return Cell(text, sort=f"{row.method}-{row.seq_len:06d}")


def measurement_measured(ctx: RenderContext, row) -> Cell:
    c = _comparison(row)
    return Cell(f"{row.measured:g} {row.unit} = {c.measured_gib:.1f} GiB", sort=f"{c.measured_gib:.2f}")


def measurement_estimate(ctx: RenderContext, row) -> Cell:
    gib = _comparison(row).estimate.total / 2**30
    return Cell(f"{gib:.1f}", sort=f"{gib:.2f}")


def measurement_error(ctx: RenderContext, row) -> Cell:
    error = _comparison(row).error
    return Cell(f"{error:+.0%}".replace("+0%", "0%"), sort=f"{error:.4f}")


def measurement_why(ctx: RenderContext, row) -> Cell:
    return Cell("—") if row.outside_model is None else Cell(row.outside_model.in_language(ctx.language))


def config_value(attr: str) -> CellBuilder:
    """An architecture field of a data/models.yml row; its machine value goes in data-kb-sort, which
    the calculator reads (docs/assets/javascripts/memory-calculator.js)."""
    def cell(ctx: RenderContext, row) -> Cell:
        value = getattr(row.config, attr)
        if isinstance(value, bool):
            return Cell(ctx.ui("yes" if value else "no"), sort="1" if value else "0")
        if value is None:
            return Cell("—")
        return Cell(f"{value:,}", sort=str(value))

    return cell
