"""``brief export``: briefs as Markdown, HTML or plain text files (:mod:`tui.exporting`).

One brief without ``--out`` goes to stdout; with ``--out DIR`` each brief becomes ``DIR/ID.EXT``
(the folder is made when missing). ``--all --format md --out DIR`` writes the whole store as files
``brief import DIR`` reads back to the same ids, titles, dates, tags and links.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

from tui.errors import EXIT_OK, UsageError
from tui.exporting import file_name, render
from tui.files import write_in_place
from tui.models import Article
from tui.output import say
from tui.startup import open_store
from tui.text.sanitize import safe_line, shown_args


def _out_dir(out: str) -> Path:
    """The folder to write into, made when missing; a usage error when it cannot be."""
    folder = Path(out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {safe_line(out)}: is a file, not a folder; give a folder to write the briefs into")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {safe_line(out)}: cannot be made ({exc.strerror or exc})") from None
    return folder


def cmd_export(store_path: Path, ids: list[str], *, fmt: str, out: str | None, every: bool = False) -> int:
    """``brief export ID... --format md|html|txt [--out DIR]`` and ``brief export --all --out DIR``."""
    if every and ids:
        raise UsageError("export: give ids or --all, not both")
    if not every and not ids:
        raise UsageError("export: give the ids of the briefs to export, or --all")
    with open_store(store_path, seed=False, reading=True) as store:
        if every:
            wanted = [row.id for row in store.iter_rows()]
        else:
            wanted = list(dict.fromkeys(ids))
            unknown = [i for i in wanted if not store.exists(i)]
            if unknown:
                names = shown_args(unknown)
                raise UsageError(f"no brief with id {names} in {store.path}; nothing was exported (see 'brief list')")
        if out is None and (every or len(wanted) > 1):
            raise UsageError("export: more than one brief needs --out DIR (one file each)")
        exported = set(wanted)

        def link_name(target: str) -> str | None:
            return quote(file_name(target, fmt)) if out is not None and target in exported else None

        if out is None:
            article = store.get(wanted[0])
            assert article is not None  # checked above
            _write_stdout(render(article, fmt, link_name))
            return EXIT_OK
        folder = _out_dir(out)
        count = 0
        for brief_id in wanted:
            found: Article | None = store.get(brief_id)
            if found is None:  # removed by another program meanwhile
                continue
            target = folder / file_name(brief_id, fmt)
            try:
                write_in_place(target, render(found, fmt, link_name))
            except OSError as exc:
                raise UsageError(
                    f"{safe_line(str(target))}: cannot be written ({exc.strerror or exc});"
                    f" {count} briefs were written before it"
                ) from None
            count += 1
    say(f"exported {count} brief{'' if count == 1 else 's'} to {folder}")
    return EXIT_OK


def _write_stdout(text: str) -> None:
    """The export on stdout: as it is into a pipe, with control characters made visible on a terminal."""
    if sys.stdout.isatty():
        text = "\n".join(safe_line(line) for line in text.split("\n"))
    sys.stdout.write(text)
