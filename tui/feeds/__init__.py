"""Feeds: fetching over HTTP, discovery, OPML and parsing into articles; no SQL, no Textual."""

import sys
import types


def _without_httpx_cli() -> None:
    """Keep ``import httpx`` from loading httpx's command-line tool, which brief never runs.

    When click, rich and pygments are installed (rich is brief's own dependency), ``import httpx``
    imports its ``httpx`` command and with it all three: two thirds of the import's time, paid by
    every ``brief fetch``. An empty module stands in for it; its ``main`` says what happened.
    """
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stub = types.ModuleType("httpx._main", "Stands in for httpx's command-line tool, which brief does not use.")

    def main() -> None:
        raise SystemExit("the httpx command-line tool is not loaded inside brief")

    stub.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stub


_without_httpx_cli()
