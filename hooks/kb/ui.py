"""Every interface string the hooks and the site's scripts show, in every language of kb.i18n.

Table captions and column headers live with their table definitions (kb.registry); Material's own
strings come from Material. Scripts read their strings from the page (see `for_scripts`).
"""

from __future__ import annotations

from kb.i18n import LANGUAGES

STRINGS: dict[str, dict[str, str]] = {
    # Headings (kb.page_html)
    "permalink": {"zh-TW": "連結到這一節", "en": "Link to this section"},
    "copy_link": {"zh-TW": "複製這一節的連結", "en": "Copy link to this section"},
    "copy_markdown_link": {"zh-TW": "複製 Markdown 連結", "en": "Copy Markdown link"},
    # Copy confirmations (docs/assets/javascripts/section-links.js)
    "copied_link": {"zh-TW": "已複製連結：", "en": "Link copied: "},
    "copied_markdown_link": {"zh-TW": "已複製 Markdown 連結：", "en": "Markdown link copied: "},
    "copy_failed": {"zh-TW": "無法複製，請手動複製網址列。", "en": "Could not copy; copy the address bar instead."},
    # Tables (kb.cells, hooks/templates/table.html)
    "sources": {"zh-TW": "來源", "en": "Sources"},
    "checked": {"zh-TW": "查核日期", "en": "Checked"},
    "model_card": {"zh-TW": "模型卡", "en": "Model card"},
    "yes": {"zh-TW": "是", "en": "yes"},
    "no": {"zh-TW": "否", "en": "no"},
    "memory_no_single_gpu": {"zh-TW": "單張 80 GB 放不下", "en": "over one 80 GB GPU"},
    "extendable_to": {"zh-TW": "（可延伸至 {tokens}）", "en": " (extendable to {tokens})"},
    "params_total_active": {"zh-TW": "總計 {total}／啟用 {active}", "en": "{total} total / {active} active"},
    "or_full_fine_tuning": {"zh-TW": "（或全參數微調）", "en": " (or full fine-tuning)"},
    "needed": {"zh-TW": "需要", "en": "Yes"},
    "not_needed": {"zh-TW": "不需要", "en": "No"},
    "read": {"zh-TW": "閱讀", "en": "Read"},
    "caption_filter": {"zh-TW": "{caption}：{values}", "en": "{caption}: {values}"},
    "list_separator": {"zh-TW": "、", "en": ", "},
    "item_separator": {"zh-TW": "；", "en": "; "},
    "label_value": {"zh-TW": "{label}：{value}", "en": "{label}: {value}"},
    "vision-language": {"zh-TW": "視覺語言", "en": "vision-language"},
    "omni": {"zh-TW": "全模態", "en": "omni-modal"},
}

# The strings docs/assets/javascripts/*.js use, written into every page as JSON (overrides/main.html).
SCRIPT_STRINGS = ("copied_link", "copied_markdown_link", "copy_failed")


def ui(key: str, language: str, **values: str) -> str:
    text = STRINGS[key][language]
    return text.format(**values) if values else text


def for_scripts(language: str) -> dict[str, str]:
    return {key: STRINGS[key][language] for key in SCRIPT_STRINGS}


def missing_translations() -> list[str]:
    return [f"{key}: {lang}" for key, texts in STRINGS.items() for lang in LANGUAGES if not texts.get(lang)]
