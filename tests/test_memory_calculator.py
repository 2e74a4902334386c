"""The memory calculator (/tools/memory/) in headless Chromium: its JavaScript computes the same
numbers as hooks/kb/memory.py on a grid of inputs, the URL carries the inputs, it works from the
keyboard and tells screen readers the result, and without JavaScript the page still has its tables."""

from __future__ import annotations

import itertools
from dataclasses import asdict
from pathlib import Path

import pytest

from kb import memory
from kb.loader import load_site_data

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


def _models():
    rows = load_site_data(ROOT / "data", ROOT / "docs").rows("models")
    return {row.id: memory.architecture_of(row) for row in rows if row.config is not None}


def _grid():
    """Every model with each method at two lengths, plus the other switches on a few models."""
    cases = []
    for model_id, method, seq in itertools.product(sorted(_models()), memory.METHODS, (2048, 8192)):
        cases.append((model_id, memory.setup_for(method, seq_len=seq)))
    extra = [
        dict(method="lora", precision="int8", optimizer="adamw8bit", rank=64, targets="attention"),
        dict(method="qlora", precision="nf4", double_quant=False, optimizer="paged_adamw8bit", batch=4, grad_ckpt=False),
        dict(method="full", gpus=8, zero=1, optimizer="adamw8bit"),
        dict(method="full", gpus=4, zero=2, seq_len=4096),
        dict(method="full", gpus=8, zero=3, grad_ckpt=False, seq_len=1024),
        dict(method="dora", precision="bf16", gpus=2, zero=3, rank=8),
    ]
    for model_id in ("qwen3-8b", "qwen3-30b-a3b", "gemma-3-27b"):
        for overrides in extra:
            cases.append((model_id, memory.Setup(**overrides)))
    return cases


def _open(page, site_server, query: str = "", lang: str = ""):
    page.goto(f"{site_server}{lang}tools/memory/{query}")
    page.wait_for_selector("#kb-memory-form:not([hidden])")


def test_browser_numbers_match_the_python_module(watched_page, site_server):
    page, watch = watched_page
    _open(page, site_server)
    models = _models()
    cases = _grid()
    payload = [{"arch": asdict(models[m]), "setup": asdict(s)} for m, s in cases]
    results = page.evaluate(
        """cases => cases.map(c => {
            const a = Object.assign({}, c.arch);
            const r = window.kbMemory.estimate(a, c.setup);
            return [r.weights, r.trainable_states, r.activations, r.logits, r.overhead, r.total];
        })""",
        payload,
    )
    assert len(results) == len(cases) > 100
    for (model_id, setup), got in zip(cases, results):
        expected = memory.estimate(models[model_id], setup)
        want = [getattr(expected, t) for t in memory.TERMS] + [expected.total]
        assert got == pytest.approx(want, rel=1e-9), f"{model_id} {setup}"
    assert not watch.errors and not watch.foreign_requests


def test_browser_rejects_the_inputs_python_rejects(watched_page, site_server):
    page, _ = watched_page
    _open(page, site_server)
    arch = asdict(_models()["qwen3-8b"])
    for setup, field in [
        (memory.Setup(rank=8192), "rank"),
        (memory.Setup(zero=2), "zero"),
        (memory.Setup(method="qlora", precision="bf16"), "precision"),
        (memory.Setup(seq_len=0), "seq_len"),
    ]:
        with pytest.raises(memory.InputError, match=rf"^{field}:"):
            memory.estimate(memory.Architecture(**arch), setup)
        got = page.evaluate(
            """([a, s]) => { try { window.kbMemory.estimate(a, s); return null; } catch (e) { return e.field; } }""",
            [arch, asdict(setup)],
        )
        assert got == field


@pytest.mark.parametrize("lang", ["", "en/"])
def test_url_round_trip(watched_page, site_server, lang):
    page, watch = watched_page
    _open(page, site_server, "?model=qwen3-14b&method=qlora&precision=nf4&seq=4096&batch=2&ckpt=1&rank=32", lang)
    assert page.input_value("#kb-m-model") == "qwen3-14b"
    assert page.input_value("#kb-m-method") == "qlora"
    assert page.input_value("#kb-m-seq") == "4096"
    expected = memory.estimate(_models()["qwen3-14b"], memory.Setup(method="qlora", precision="nf4", seq_len=4096, batch=2, rank=32))
    assert page.inner_text("#kb-memory-total") == f"{expected.total / memory.GIB:.2f}"
    # a change is written back to the address, and the address reproduces it
    page.fill("#kb-m-batch", "1")
    page.dispatch_event("#kb-m-batch", "input")
    url = page.url
    assert "batch=1" in url and "model=qwen3-14b" in url
    shown = page.inner_text("#kb-memory-total")
    page.goto(url)
    page.wait_for_selector("#kb-memory-form:not([hidden])")
    assert page.inner_text("#kb-memory-total") == shown
    assert page.get_attribute("html", "lang") == ("en" if lang else "zh-TW")
    assert not watch.errors and not watch.foreign_requests


def test_keyboard_and_live_region(watched_page, site_server):
    page, _ = watched_page
    _open(page, site_server, "?model=qwen3-8b", "en/")
    page.focus("#kb-m-method")
    page.keyboard.press("ArrowDown")  # lora → qlora: the select changes from the keyboard
    assert page.input_value("#kb-m-method") == "qlora"
    status = page.locator("#kb-memory-status")
    assert status.get_attribute("role") == "status"
    assert "Check the input" in status.inner_text()  # QLoRA over a bf16 base is refused, in English
    assert page.get_attribute("#kb-m-precision", "aria-invalid") == "true"
    page.focus("#kb-m-precision")
    page.keyboard.press("End")  # nf4 is the last option
    assert page.input_value("#kb-m-precision") == "nf4"
    assert "GiB" in status.inner_text()
    # every control has a label a screen reader announces
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('#kb-memory-form input, #kb-memory-form select')]
                .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []


def test_without_javascript_the_tables_remain(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "tools/memory/")
    assert page.locator("#kb-memory-form").is_hidden()
    assert page.locator("#table-memory tbody tr").count() >= 16
    assert page.locator("#table-memory_architectures tbody tr").count() >= 16
    context.close()
