"""Load every data file once and validate it against the schema.

Any problem raises DataError naming the file, the entry id and the field, so the build stops
before a single page is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from kb.schema import DATA_FILES, Strict


class DataError(Exception):
    """One or more data files are invalid; the message lists every problem found."""


# libyaml's parser where PyYAML was built with it (its wheels are): parsing the data files in pure
# Python was a fifth of the build. The constructor, and so the rules below, are Python either way.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """YAML without implicit dates (the schema checks date strings itself) and without duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_without_duplicates
)


@dataclass(frozen=True)
class SiteData:
    """Validated rows of every data file, by file stem (see schema.DATA_FILES)."""

    tables: dict[str, tuple[Strict, ...]]

    def rows(self, stem: str) -> tuple[Strict, ...]:
        return self.tables[stem]


def load_site_data(data_dir: Path, docs_dir: Path) -> SiteData:
    problems: list[str] = []
    tables: dict[str, tuple[Strict, ...]] = {}

    present = {path.stem: path for path in sorted(data_dir.glob("*.yml"))}
    for stem in sorted(set(present) - set(DATA_FILES)):
        problems.append(f"{_shown(present[stem])}: unknown data file (expected one of: {', '.join(DATA_FILES)})")
    for stem, row_type in DATA_FILES.items():
        path = data_dir / f"{stem}.yml"
        if stem not in present:
            continue  # a table whose file is absent fails at its marker, not here
        rows, file_problems = _load_file(path, row_type, docs_dir)
        problems.extend(file_problems)
        tables[stem] = rows

    if problems:
        raise DataError("invalid data:\n  " + "\n  ".join(problems))
    return SiteData(tables=tables)


def _load_file(path: Path, row_type: type[Strict], docs_dir: Path) -> tuple[tuple[Strict, ...], list[str]]:
    shown = _shown(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as error:
        return (), [f"{shown}: not valid YAML: {error}"]
    if not isinstance(raw, list) or not raw:
        return (), [f"{shown}: must be a non-empty list of entries"]

    problems: list[str] = []
    rows: list[Strict] = []
    seen_ids: dict[str, int] = {}
    for index, entry in enumerate(raw, start=1):
        label = _entry_label(entry, index)
        if not isinstance(entry, dict):
            problems.append(f"{shown}: {label}: must be a mapping of fields")
            continue
        try:
            row = row_type.model_validate(entry)
        except ValidationError as error:
            problems.extend(f"{shown}: {label}: {_describe(detail)}" for detail in error.errors())
            continue
        if row.id in seen_ids:
            problems.append(f"{shown}: {label}: field 'id': duplicate of entry #{seen_ids[row.id]}")
            continue
        seen_ids[row.id] = index
        page = getattr(row, "page", None)
        if page is not None:
            problems.extend(f"{shown}: {label}: field 'page': {p}" for p in _missing_pages(page, docs_dir))
        rows.append(row)
    return tuple(rows), problems


def _missing_pages(page: str, docs_dir: Path) -> list[str]:
    zh = page.split("#", 1)[0]
    en = zh[: -len(".md")] + ".en.md"
    return [f"page {name!r} does not exist in docs/" for name in (zh, en) if not (docs_dir / name).is_file()]


def _entry_label(entry: object, index: int) -> str:
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return f"entry {entry_id!r} (#{index})" if isinstance(entry_id, str) else f"entry #{index}"


def _describe(detail: dict) -> str:
    location = ".".join(str(part) for part in detail["loc"]) or "(entry)"
    message = detail["msg"]
    if detail["type"] == "extra_forbidden":
        message = "unknown field"
    elif detail["type"] == "missing":
        message = "missing required field"
    # Model validators put the field name first in their message ("params_active_b: ...").
    if location == "(entry)" and ": " in message:
        field, _, message = message.removeprefix("Value error, ").partition(": ")
        location = field
    return f"field '{location}': {message.removeprefix('Value error, ')}"


def _shown(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


_cache: dict[str, object] = {"signature": None, "data": None}


def load_site_data_cached(data_dir: Path, docs_dir: Path, *, revalidate: bool = True) -> SiteData:
    """load_site_data, again only when a data file or the set of pages changed.

    static-i18n runs every hook once per language and `mkdocs serve` rebuilds on each edit; the
    data is validated once per set of file versions, and a failure is never cached. Checking the
    files costs a walk of docs/: the hooks' on_config checks (revalidate=True), calls while pages
    render take the data that check validated.
    """
    if not revalidate and _cache["data"] is not None:
        return _cache["data"]
    signature = (
        tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*.yml"))),
        tuple(sorted(str(p.relative_to(docs_dir)) for p in docs_dir.rglob("*.md"))),
    )
    if _cache["signature"] != signature:
        _cache["signature"] = None
        _cache["data"] = load_site_data(data_dir, docs_dir)
        _cache["signature"] = signature
    return _cache["data"]
