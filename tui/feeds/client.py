"""The httpx clients fetching uses, and which one a URL goes through.

Requests that go direct (no proxy) take :class:`~tui.feeds.transport.StreamTransport`, HTTP/1.1 on
asyncio streams, instead of httpx's own transport (httpcore, h11 and anyio): a fetch where every
feed answers 304 costs about half the CPU it did. A client for a proxy named by the environment keeps
httpx's own transports. TLS contexts verify as httpx's default does, but read the CA certificates
only when the first TLS connection is made.

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
import sys
import threading
from typing import TYPE_CHECKING, Any

import httpx

from tui.feeds.redirects import refuse_bad_redirect
from tui.feeds.urls import is_loopback

if TYPE_CHECKING:
    from tui.feeds.request import FetchSettings


class _DeferredCAContext(ssl.SSLContext):
    """A client TLS context (as ``ssl.create_default_context``) that reads its CA certificates at the
    first TLS connection, not when it is made: reading the CA bundle costs tens of milliseconds,
    which a fetch of plain-HTTP feeds (or one where every feed answers 304 over plain HTTP) never needs.
    """

    _cafile: str | None
    _capath: str | None
    _certifi: bool
    """True to read certifi's bundle (``_cafile`` and ``_capath`` are then None)."""
    _loaded: bool
    _load_lock: threading.Lock

    def _load_cas(self) -> None:
        """Read the CA certificates, once."""
        with self._load_lock:
            if not self._loaded:
                if self._certifi:
                    import certifi  # here: finding its bundle imports importlib.resources

                    self.load_verify_locations(certifi.where())
                elif self._cafile or self._capath:
                    self.load_verify_locations(self._cafile, self._capath)
                else:
                    self.load_default_certs(ssl.Purpose.SERVER_AUTH)
                self._loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        """Load the CAs, then as :meth:`ssl.SSLContext.wrap_socket`."""
        self._load_cas()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        """Load the CAs, then as :meth:`ssl.SSLContext.wrap_bio` (what asyncio calls)."""
        self._load_cas()
        return super().wrap_bio(*args, **kwargs)


@functools.lru_cache(maxsize=4)
def _ssl_context(trust_env: bool, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """One TLS context per CA setting, verifying certificates and host names as httpx's default does:
    the CAs of ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` when ``trust_env``, else certifi's bundle.

    ``cert_file`` and ``cert_dir`` are the environment's ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``.
    """
    context = _DeferredCAContext(ssl.PROTOCOL_TLS_CLIENT)
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    context._cafile, context._capath, context._certifi = None, None, False
    if trust_env and cert_file:
        context._cafile = cert_file
    elif trust_env and cert_dir:
        context._capath = cert_dir
    else:
        context._certifi = True
    context._loaded = False
    context._load_lock = threading.Lock()
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment:
        context.keylog_filename = keylog
    return context


def make_client(settings: FetchSettings, *, direct: bool = False) -> httpx.AsyncClient:
    """An httpx client for :func:`fetch_one`; ``direct`` ignores proxies from the environment.

    Without a proxy to go through, requests take :class:`~tui.feeds.transport.StreamTransport`
    (HTTP/1.1 on asyncio streams, a fraction of the CPU of httpx's own transport); when the
    environment names a proxy, httpx's own transports do it all. A redirect to a URL that cannot be
    requested fails before httpx reads it (:func:`~tui.feeds.redirects.refuse_bad_redirect`).
    """
    hooks = {"response": [refuse_bad_redirect]}
    trust_env = settings.trust_env and not direct
    timeout = httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout)
    context = _ssl_context(trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    if trust_env and _environment_proxies():
        most = settings.max_concurrent
        limits = httpx.Limits(max_connections=most, max_keepalive_connections=most)
        return httpx.AsyncClient(
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            trust_env=True,
            verify=context,
            event_hooks=hooks,
        )
    from tui.feeds.transport import StreamTransport

    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        transport=StreamTransport(context),
        event_hooks=hooks,
    )


def _environment_proxies() -> bool:
    """True when the environment names a proxy (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``...)."""
    from urllib.request import getproxies

    return any(scheme in ("http", "https", "all") for scheme in getproxies())


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
