"""What a full-text feed's line says of the pages whose article text it could not keep."""

from __future__ import annotations

import pytest

from tui.importing.feeds import _full_text_note


@pytest.mark.parametrize(
    ("failed", "pages", "unfetched", "note"),
    [
        (0, 5, {}, None),
        (5, 5, {"host not found": 5}, "5 of 5 pages could not be fetched (host not found); their summaries are kept"),
        (2, 5, {}, "2 of 5 pages gave no article text; their summaries are kept"),
        (
            4,
            6,
            {"timed out after 30 s": 1, "host not found": 2},
            "3 of 6 pages could not be fetched (host not found, and 1 other reason);"
            " 1 of 6 pages gave no article text; their summaries are kept",
        ),
        (
            3,
            3,
            {"HTTP 404": 1, "HTTP 410 Gone": 1, "connection refused": 1},
            "3 of 3 pages could not be fetched (HTTP 404, and 2 other reasons); their summaries are kept",
        ),
    ],
)
def test_the_note_names_why_pages_were_not_kept(failed, pages, unfetched, note) -> None:
    assert _full_text_note(failed, pages, unfetched) == note
