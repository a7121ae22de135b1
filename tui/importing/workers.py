"""How a worker process of an import or a fetch starts: below the writer, deaf to Ctrl+C, ending with its parent.

Kept apart from :mod:`tui.importing.pool` (the file import's pool, which needs the file importers) so
that a fetch, whose pool parses feeds, does not import the file importers to start its workers.
"""

from __future__ import annotations

from tui.stop_signals import worker_of

worker_init = worker_of
"""Workers leave Ctrl+C to the importing process, which stops them, and die with it
(:func:`tui.stop_signals.worker_of`; its argument is the importing process's id)."""
