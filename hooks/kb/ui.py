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
    # The page as Markdown (kb.page_html, kb.agent_outputs, docs/assets/javascripts/section-links.js)
    "copy_page_markdown": {"zh-TW": "複製本頁 Markdown", "en": "Copy page as Markdown"},
    "copied_page_markdown": {"zh-TW": "已複製本頁 Markdown：", "en": "Page copied as Markdown: "},
    "copy_page_failed": {"zh-TW": "無法複製，請開啟本頁的 Markdown 版本：", "en": "Could not copy; open the page's Markdown instead: "},
    "characters": {"zh-TW": "{count} 個字元", "en": "{count} characters"},
    "markdown_web_page": {"zh-TW": "網頁版：{url}", "en": "Web page: {url}"},
    # llms.txt (kb.agent_outputs)
    "llms_intro": {
        "zh-TW": "以下每個連結都是該頁的 Markdown 版本（比較表已轉成 Markdown 表格，保留註腳與來源）；"
                 "llms-full.txt 依導覽順序收錄全部頁面。比較表背後的資料以 JSON 提供，附 JSON Schema。"
                 "內容以 CC BY 4.0 授權（{licence}）：轉用時請註明本站並連回原頁。",
        "en": "Each link below is a page's Markdown (comparison tables as Markdown tables, footnotes and sources kept); "
              "llms-full.txt holds every page in navigation order. The data behind the tables is published as JSON "
              "with a JSON Schema. Content is licensed CC BY 4.0 ({licence}): credit the site and link to the page.",
    },
    "llms_data": {"zh-TW": "資料", "en": "Data"},
    "llms_schema": {"zh-TW": "（JSON Schema：{url}）", "en": " (JSON Schema: {url})"},
    "llms_full": {"zh-TW": "全部頁面的 Markdown，依導覽順序", "en": "every page's Markdown, in navigation order"},
    "llms_other_language": {"zh-TW": "繁體中文", "en": "English"},
    "llms_other_language_note": {"zh-TW": "同一個網站的繁體中文版", "en": "the same site in English"},
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
    "attention_hybrid-linear": {"zh-TW": "線性注意力＋全注意力混合", "en": "linear + full attention hybrid"},
    "attention_MLA-sparse": {"zh-TW": "MLA＋稀疏注意力", "en": "MLA + sparse attention"},
    "vision-language": {"zh-TW": "視覺語言", "en": "vision-language"},
    "omni": {"zh-TW": "全模態", "en": "omni-modal"},
    # Check dates (kb.dates): under every page title, and the What's new page
    "page_checked": {"zh-TW": "查核日期 {date}", "en": "Checked {date}"},
    "whats_new_summary": {"zh-TW": "新增 {added} 項，重新查核 {rechecked} 項。", "en": "{added} added, {rechecked} re-checked."},
    "whats_new_change": {"zh-TW": "變更", "en": "Change"},
    "whats_new_what": {"zh-TW": "類別", "en": "Kind"},
    "whats_new_where": {"zh-TW": "名稱", "en": "Item"},
    "whats_new_added": {"zh-TW": "新增", "en": "Added"},
    "whats_new_rechecked": {"zh-TW": "重新查核", "en": "Re-checked"},
    "whats_new_page": {"zh-TW": "頁面", "en": "Page"},
    "whats_new_row": {"zh-TW": "資料列：{table}", "en": "Row: {table}"},
    "table_models": {"zh-TW": "基礎模型", "en": "Base models"},
    "table_training_methods": {"zh-TW": "訓練方法", "en": "Training methods"},
    "table_alignment_methods": {"zh-TW": "對齊方法", "en": "Alignment methods"},
    "table_lora_presets": {"zh-TW": "LoRA 起始設定", "en": "LoRA starting points"},
    "table_troubleshooting": {"zh-TW": "問題排解", "en": "Troubleshooting"},
    "table_quick_choices": {"zh-TW": "快速選擇", "en": "Quick picks"},
    "interactive_on_web": {"zh-TW": "（互動計算器在網頁版：<{url}>）", "en": "(The interactive calculator is on the web page: <{url}>)"},
    "table_memory_measurements": {"zh-TW": "記憶體實測", "en": "Memory measurements"},
    "measurement_label": {"zh-TW": "{name}，{method}，{tokens} tokens", "en": "{name}, {method}, {tokens} tokens"},
    "lora_preset_label": {"zh-TW": "{low}–{high} 筆資料：rank {rank}", "en": "{low}–{high} examples: rank {rank}"},
}

# The strings docs/assets/javascripts/*.js use, written into every page as JSON (overrides/main.html).
SCRIPT_STRINGS = ("copied_link", "copied_markdown_link", "copy_failed", "copied_page_markdown", "copy_page_failed", "characters")


def ui(key: str, language: str, **values: str) -> str:
    text = STRINGS[key][language]
    return text.format(**values) if values else text


def for_scripts(language: str) -> dict[str, str]:
    return {key: STRINGS[key][language] for key in SCRIPT_STRINGS}


def missing_translations() -> list[str]:
    return [f"{key}: {lang}" for key, texts in STRINGS.items() for lang in LANGUAGES if not texts.get(lang)]
