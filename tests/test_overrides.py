"""Our copies of Material's templates track the originals they were made from.

Each file in overrides/ that copies a Material partial (and changes it a little) is listed with the
SHA-256 of the original it was copied from. When a Material upgrade changes an original, the test
fails and names it: re-copy it and re-apply our change (the change is described at the top of our
copy), then record the new hash.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"

# our copy -> (Material's original, its SHA-256 when we copied it: Material 9.8.2)
COPIES = {
    "partials/alternate.html": ("partials/alternate.html", "572b1d4dae611aa5fd65107edec95e44331b6141abf86834ea4dc6c1ddd7241b"),
    "partials/search.html": ("partials/search.html", "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30"),
    "partials/palette.html": ("partials/palette.html", "fb935107ae7d3d7475965019eec36c1ad72bf1d154254dab2474921fcd2710e3"),
    # Not a copy but a replacement of Material's palette restore script: it must follow its behaviour.
    "partials/javascripts/palette.html": ("partials/javascripts/palette.html", "8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changed_originals(templates: Path) -> list[str]:
    return [
        f"Material's {original} changed since overrides/{ours} was copied from it: re-copy it, re-apply our "
        "change and record the new SHA-256 in tests/test_overrides.py"
        for ours, (original, recorded) in sorted(COPIES.items())
        if sha256(templates / original) != recorded
    ]


def test_the_material_originals_of_our_copies_are_unchanged():
    assert not changed_originals(MATERIAL_TEMPLATES)


def test_every_override_of_a_material_partial_is_tracked():
    assert all((OVERRIDES / ours).is_file() for ours in COPIES), "a tracked copy is gone: remove it from COPIES"
    shadowing = {
        path.relative_to(OVERRIDES).as_posix()
        for path in OVERRIDES.rglob("*.html")
        if (MATERIAL_TEMPLATES / path.relative_to(OVERRIDES)).is_file()
    }
    # main.html and 404.html extend Material's base.html through supported blocks rather than copy it.
    assert shadowing - {"main.html", "404.html"} == set(COPIES)


def test_a_changed_original_is_reported(tmp_path):
    """Planted upstream change: a copy of Material's templates with one original edited."""
    for original, _ in COPIES.values():
        (tmp_path / original).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / original).write_bytes((MATERIAL_TEMPLATES / original).read_bytes())
    (tmp_path / "partials/search.html").write_text("<div>changed upstream</div>", encoding="utf-8")
    assert [m.split(" changed")[0] for m in changed_originals(tmp_path)] == ["Material's partials/search.html"]
