"""``brief related ID [--json] [--limit N]``: the briefs that are the same story, and related briefs.

Same story: the other briefs of the brief's same-story group (republished copies: near-duplicate
text after Arabic folding and stemming), most similar first. Related: up to ``--limit`` briefs on
the same topic that are another story, ranked, without the same-story group and the briefs linked
by read-also lines. Exit 2 for an unknown id.
"""

from __future__ import annotations

from pathlib import Path

from tui.errors import EXIT_OK, UsageError
from tui.startup import open_store
from tui.text.messages import shown_name
from tui.text.sanitize import safe_json as dumps
from tui.text.sanitize import shown_arg


def cmd_related(store_path: Path, brief_id: str, *, as_json: bool = False, limit: int = 8, shaped: bool = True) -> int:
    """Print the brief's same-story group and its related briefs."""
    if limit < 0:
        raise UsageError(f"related: --limit must be 0 or more, not {limit}")
    with open_store(store_path, reading=True) as store:
        if not store.exists(brief_id):
            raise UsageError(f"no brief with id '{shown_arg(brief_id)}' in {store.path}; see 'brief list'")
        sections = {"same_story": store.same_story(brief_id), "related": store.related(brief_id, limit)}
        rows = {
            name: [(other, score, store.summary(other)) for other, score in found] for name, found in sections.items()
        }
    if as_json:
        out: dict[str, object] = {"id": brief_id}
        for name, found in rows.items():
            out[name] = [
                {"id": other, "title": row.title if row else "", "source": row.source if row else None, "score": score}
                for other, score, row in found
            ]
        print(dumps(out))
        return EXIT_OK
    import shutil

    from tui.text.layout import output_line

    width = shutil.get_terminal_size((80, 24)).columns
    for name, heading in (("same_story", "same story"), ("related", "related")):
        found = rows[name]
        print(f"{heading}:" if found else f"{heading}: none")
        for other, score, row in found:
            print(f"  {shown_name(other, shaped)}  {score:.2f}")
            title = (row.title + (" \u2014 " + row.source if row.source else "")) if row else ""
            print("    " + output_line(title, max(10, width - 4), shaped=shaped))
    return EXIT_OK
