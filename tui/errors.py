"""Exit codes and the errors a user can cause, in one small module every layer may import.

An error a user can cause (a bad argument, an unknown id, a store file that cannot be used) is a
:class:`BriefError` with a message for a person; ``brief`` prints the message and exits with the
error's :attr:`~BriefError.exit_code`. Anything else that escapes is a bug.
"""

from __future__ import annotations

EXIT_OK = 0
"""Success (a search with no matches is a success too)."""
EXIT_SOME_FAILED = 1
"""Some files (``brief import``), feeds (``brief fetch``) or OPML outlines (``brief opml import``)
failed; the others were taken."""
EXIT_USAGE = 2
"""A usage error, an unknown brief id, or a store file that cannot be used."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl+C."""


class BriefError(Exception):
    """An error a user can cause; its message is for a person."""

    exit_code: int = EXIT_USAGE
    """The exit code of ``brief`` when this error ends it."""


class UsageError(BriefError):
    """A mistake in how brief was called (an argument, an unknown id); printed with exit code 2."""


class Interrupted(BriefError):
    """Ctrl+C stopped the work; the message says what was kept. Exit code 130."""

    exit_code = EXIT_INTERRUPTED
