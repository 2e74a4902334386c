"""MkDocs hook: fix lunr's token-set minimisation in Material's search worker.

lunr 2.3.9 (bundled in Material's worker) names a token-set node by its edges written one after the
other, label then target id: `"0" + "0" + "312"` for one edge 0→312 reads the same as
`"0" + "0" + "3" + "1" + "2"` for edges 0→3 and 1→2. Digits are labels too, so with enough tokens
that contain numbers two different nodes get one name and are merged, the token set then holds
words that are not in the index, and a query expanding to one of them throws inside the worker:
Material shows "no results". Our zh-TW index hit it ("Phi 4", "4" and "5" found nothing). A comma
after each id makes the names unambiguous (a label is always one character).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

AMBIGUOUS = "var s=r[i],o=this.edges[s];e=e+s+o.id}return e}"
UNAMBIGUOUS = 'var s=r[i],o=this.edges[s];e=e+s+o.id+","}return e}'


@event_priority(-200)  # after static-i18n has run every language's build (each copies the assets)
def on_post_build(config, **_) -> None:
    workers = sorted(Path(config["site_dir"], "assets", "javascripts", "workers").glob("search.*.min.js"))
    if not workers:
        raise PluginError("search_worker.py: Material's search worker (assets/javascripts/workers/search.*.min.js) not found")
    for worker in workers:
        worker.write_text(fix_token_set_names(worker.read_text(encoding="utf-8"), worker.name), encoding="utf-8")


def fix_token_set_names(script: str, name: str) -> str:
    if UNAMBIGUOUS in script:
        return script
    if script.count(AMBIGUOUS) != 1:
        raise PluginError(
            f"search_worker.py: {name} no longer has lunr's TokenSet.toString as expected; check whether the "
            "new lunr still names nodes ambiguously (tests/test_search.py: number tokens) and update or drop this hook"
        )
    return script.replace(AMBIGUOUS, UNAMBIGUOUS)
