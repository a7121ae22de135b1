"""The httpx clients fetching uses, and which one a URL goes through.

Proxies: clients honour the environment (``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY``,
``SSL_CERT_FILE``: httpx ``trust_env``) so brief behind a proxy works like curl, except that loopback
hosts (127.0.0.0/8, ::1, localhost) always go direct through a second client built with
``trust_env=False``: a proxy for the outside world cannot reach servers on the user's own machine,
and httpx sends 127.0.0.1 to the proxy unless ``NO_PROXY`` names it. A redirect keeps the client
chosen for the first URL. ``FetchSettings(trust_env=False)`` ignores the environment altogether.
"""

from __future__ import annotations

import functools
import os
import ssl
from typing import TYPE_CHECKING

import httpx

from tui.feeds.urls import is_loopback

if TYPE_CHECKING:
    from tui.feeds.fetch import FetchSettings


@functools.lru_cache(maxsize=4)
def _ssl_context(trust_env: bool, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """One TLS context per CA setting: loading the CA bundle costs tens of ms, once per client otherwise.

    ``cert_file`` and ``cert_dir`` (the environment's ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``) are only
    the cache key: httpx reads them itself when ``trust_env`` is true.
    """
    return httpx.create_ssl_context(trust_env=trust_env)


def make_client(settings: FetchSettings, *, direct: bool = False) -> httpx.AsyncClient:
    """An httpx client for :func:`fetch_one`; ``direct`` ignores proxies from the environment."""
    trust_env = settings.trust_env and not direct
    timeout = httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=settings.max_concurrent, max_keepalive_connections=settings.max_concurrent)
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=trust_env,
        verify=_ssl_context(trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
    )


class ClientPair:
    """The clients of one ``fetch_all``: a direct one for loopback hosts, one for the rest."""

    def __init__(self, settings: FetchSettings) -> None:
        """Nothing is opened until a URL needs it."""
        self.settings = settings
        self.direct: httpx.AsyncClient | None = None
        self.outside: httpx.AsyncClient | None = None

    def for_url(self, url: str) -> httpx.AsyncClient:
        """The client to fetch ``url`` with."""
        if is_loopback(url) or not self.settings.trust_env:
            if self.direct is None:
                self.direct = make_client(self.settings, direct=True)
            return self.direct
        if self.outside is None:
            self.outside = make_client(self.settings)
        return self.outside

    async def aclose(self) -> None:
        """Close whatever was opened."""
        for client in (self.direct, self.outside):
            if client is not None:
                await client.aclose()
