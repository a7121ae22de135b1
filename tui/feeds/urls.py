"""Small facts about URLs that fetching needs: is it http(s), is it this machine, what host to count by.

Also the wording of connection failures, read from an exception and its causes.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from tui.text.sanitize import BIDI_CONTROLS, shown_arg


def is_http_url(url: str) -> bool:
    """True for an absolute http or https URL with a host that can be requested (:func:`url_problem`)."""
    return url_problem(url) is None


URL_CONTROLS = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) | BIDI_CONTROLS
"""Characters no URL holds as they are (C0, DEL, C1, bidi marks and controls): a URL that does
would reach a terminal or a request with them."""


UNSAFE_IN_URL = URL_CONTROLS | {" "}
"""Characters a URL read from a document or a header may not keep as they are: those no URL holds,
and the space. :func:`encode_unsafe` percent-encodes them, as a browser does."""


def encode_unsafe(url: str) -> str:
    """``url`` with each character of :data:`UNSAFE_IN_URL` percent-encoded (UTF-8), the rest as it is:
    the URL stored, shown and requested is then one and the same (a bidi control kept as it is was
    passed on by ``brief list --json`` and left out of what ``brief show`` printed)."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    return "".join(quote(char) if char in UNSAFE_IN_URL else char for char in url)


MAX_URL_CHARS = 2_048
"""The longest feed URL taken (browsers and servers refuse much longer ones; a feed's is under 200)."""


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as a feed, for a person, or None when it can: not http(s), no
    host, a port out of range, a control character (which no HTTP request may carry; a space is
    sent percent-encoded), a host name no request can be made to (:func:`_host_problem`), or longer
    than :data:`MAX_URL_CHARS`."""
    if len(url) > MAX_URL_CHARS:
        return f"not a valid URL (longer than {MAX_URL_CHARS:,} characters)"
    try:
        parts = urlsplit(url)
    except ValueError:  # an IPv6 address left unclosed
        return "not a valid URL (its host cannot be read)"
    if not url.strip():
        return "an empty URL (give the feed's address: http://... or https://...)"
    if "://" not in url and parts.scheme.lower() not in ("file", "mailto", "data", "javascript"):
        return _no_scheme(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http or https URL"
    if not parts.hostname:
        return "not a valid URL (no host after the //)"
    try:
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:
        return "not a valid URL (its port is not a number from 0 to 65535)"
    if not URL_CONTROLS.isdisjoint(url):
        bidi = next((char for char in url if char in BIDI_CONTROLS), None)
        if bidi is not None and URL_CONTROLS.difference(BIDI_CONTROLS).isdisjoint(url):
            return f"not a valid URL (a bidi control character, U+{ord(bidi):04X}, in it)"
        return "not a valid URL (a control character in it)"
    return _host_problem(parts.hostname)


MAX_LABEL_CHARS = 63
"""The longest part of a host name between dots, as sent (DNS allows no more)."""
MAX_HOST_CHARS = 253
"""The longest host name, as sent, without a final dot (DNS allows no more)."""


def _host_problem(host: str) -> str | None:
    """Why ``host`` (lower case, as :func:`~urllib.parse.urlsplit` gives it) cannot be requested, or
    None: an empty part (``a..b``) or one longer than :data:`MAX_LABEL_CHARS` once encoded, a name
    longer than :data:`MAX_HOST_CHARS`, or letters beyond ASCII or an ``xn--`` part that are not
    valid IDNA. Python's ``idna`` codec, which opens the connection, and httpx (through the ``idna``
    package) raise a bare ``UnicodeError`` for those: found here, they are a reason given before any
    connection is tried, not an unexpected error."""
    if ":" in host:  # an IPv6 address (urlsplit has taken the brackets and the port away)
        return None
    labels = (host[:-1] if host.endswith(".") else host).split(".")  # a final dot is DNS's root: allowed
    lengths = [_encoded_length(label) for label in labels]
    if not all(0 < length <= MAX_LABEL_CHARS for length in lengths):
        return f"not a valid URL (a part of its host name is empty or longer than {MAX_LABEL_CHARS} characters)"
    if sum(lengths) + len(lengths) - 1 > MAX_HOST_CHARS:
        return f"not a valid URL (its host name is longer than {MAX_HOST_CHARS} characters)"
    if host.isascii():
        odd = next((char for char in host if not (char.isalnum() or char in "-_.")), None)
        if odd is not None:  # a space, %, <...: httpx sends it percent-encoded, and no resolver knows it
            return f"not a valid URL (its host name holds {odd!r}, which no host name has)"
        if "xn--" not in host:  # nearly every feed: no IDNA to check
            return None
    import idna  # httpx's own dependency; only needed for these hosts

    try:
        if not host.isascii():
            idna.encode(host)  # as httpx sends the host
        elif host.startswith("xn--"):
            idna.decode(host)  # as httpx reads the host back for the Host header
        else:
            for label in labels:
                if label.startswith("xn--"):
                    idna.decode(label)
    except UnicodeError:  # idna.IDNAError is one
        return "not a valid URL (its host name is not valid IDNA)"
    return None


def _encoded_length(label: str) -> int:
    """The length of ``label`` as sent: itself in ASCII, else its ``xn--`` punycode form (never
    shorter than the label: one too long already is not encoded, which for 2,000 letters takes seconds)."""
    if label.isascii() or len(label) > MAX_LABEL_CHARS:
        return len(label)
    return 4 + len(label.encode("punycode"))


def _no_scheme(url: str) -> str:
    """Why ``url``, written without ``://``, is not one, and what to write instead."""
    start = url.strip().lower()
    if start.startswith(("http//", "https//", "http:/", "https:/", "http:", "https:")):
        return "not a valid URL (write http:// or https://, with a colon and two slashes)"
    if start.startswith(("/", "./", "../", "~")):
        return "a file on this computer, not a URL: feeds are fetched from http:// or https:// addresses"
    return "not an http or https URL (write http:// or https:// in front of it)"


def resolve_url(base: str | None, href: str) -> str:
    """``href`` made absolute against ``base`` (as ``urljoin`` does; ``href`` itself without a base), or
    ``""`` when either cannot be read as a URL (an IPv6 address left unclosed, ``//[x``): a link in
    a document that no URL parser can split is dropped, never a reason to fail the whole document."""
    try:
        url = urljoin(base, href) if base else href
        urlsplit(url)
    except ValueError:
        return ""
    return url


DEFAULT_PORTS = {"http": "80", "https": "443"}
"""The port a scheme implies, left out of a canonical URL."""


def canonical_url(url: str) -> str:
    """The one spelling of a feed URL that is kept: ``HTTP://Example.com:80/feed#top`` and
    ``http://example.com/feed`` name the same feed and must not be subscribed twice.

    Scheme and host in lower case, the scheme's default port and the fragment (never sent to the
    server) dropped, an empty path written ``/``, the path's ``.`` and ``..`` segments resolved (as
    the request does: ``/a/../a/feed`` asks for ``/a/feed``); user info, the rest of the path and
    the query stay as written (servers may tell their case apart). A URL that cannot be split is
    returned stripped.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if hostport.startswith("["):  # an IPv6 address: [::1]:8080
        end = hostport.find("]") + 1
        host, port = hostport[:end], hostport[end + 1 :] if hostport[end:].startswith(":") else ""
    else:
        host, _, port = hostport.partition(":")
    if port == DEFAULT_PORTS.get(scheme):
        port = ""
    netloc = f"{userinfo}{at}{host.lower()}" + (f":{port}" if port else "")
    return urlunsplit((scheme, netloc, remove_dot_segments(parts.path) or "/", parts.query, ""))


def remove_dot_segments(path: str) -> str:
    """``path`` with its ``.`` and ``..`` segments resolved (RFC 3986, section 5.2.4): ``/a/./b/../c``
    is ``/a/c``; a ``..`` above the root stays at the root. Dots written ``%2E`` count as dots."""
    if "%" in path:  # a dot written %2E is a dot (RFC 3986, section 6.2.2.2): "/x/%2E%2E/f" is "/f"
        path = re.sub("%2[eE]", ".", path)
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")  # "/a/." is the folder "/a/"
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def is_loopback(url: str) -> bool:
    """True when the URL's host is this machine (localhost, 127.0.0.0/8, ::1)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def show_url(url: str) -> str:
    """A URL fit for an error message: controls as visible glyphs, a bidi control as its code
    (``\u202e``: dropped, the URL would look valid beside "a control character in it"), at most
    100 characters."""
    return shown_arg(url)


def connect_reason(exc: Exception) -> str:
    """Why a connection could not be made, from the exception and its causes."""
    texts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(texts) < 8:
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        texts.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    low = " ".join(texts).lower()
    if "refused" in low:
        return "connection refused"
    if any(s in low for s in ("name or service not known", "nodename nor servname", "name resolution", "getaddrinfo")):
        return "host not found"
    if "certificate" in low or "ssl" in low:
        return f"TLS failure ({texts[0]})"
    if "unreachable" in low:
        return "network unreachable"
    return f"could not connect ({texts[0] or type(exc).__name__})"


def host_key(url: str) -> str:
    """The name politeness limits count by: the host, without port."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
