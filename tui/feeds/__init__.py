"""Feeds: fetching over HTTP, discovery, OPML and parsing into articles; no SQL, no Textual."""
