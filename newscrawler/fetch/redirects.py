"""Redirects we refuse to follow: off the site, into a private network, or round in a loop.

Scrapy's RedirectMiddleware follows any Location. A news crawler must not:

- off the site (`redirect_offsite`): the target is not one of the site's articles, and Scrapy's
  OffsiteMiddleware would drop it without a word, losing the article silently;
- to a loopback, private or link-local address (`redirect_private`), e.g. `http://127.0.0.1/`,
  `http://169.254.169.254/` (cloud metadata), `http://10.0.0.5/admin`: a public site must not be
  able to turn the crawler into a probe of the network it runs in;
- round in a loop (`redirect_loop`, A -> A/ -> A): the duplicate filter would drop the repeat,
  silently again.

The middleware's process_response runs before RedirectMiddleware's (a higher order number), so a
refused 3xx is never followed; its process_request checks every redirected request too, which
covers meta-refresh redirects. A refusal raises `RedirectRefused`, an IgnoreRequest: it is counted
as `redirect/refused/<reason>`, and the request's errback files it with the run's failures.

Private targets are refused in live mode only: when the crawl's own base_url is public (a test
crawl of http://127.0.0.1:8080 lives on loopback). No DNS lookup is made for IP literals, for
well-known private names, for the site's own host or for off-site hosts (refused either way): only
a redirect to another host of the site (a subdomain) is resolved, with a resolver that tests can
replace.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Callable
from typing import Any, Self
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PRIVATE_NAMES = re.compile(r"(?:^|\.)(?:localhost|local|internal|localdomain|home\.arpa)$")
_LEGACY_IPV4 = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)
"""'127.1', '0x7f.0.0.1', '2130706433': IPv4 forms that resolvers accept and ipaddress does not."""

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]


class RedirectRefused(IgnoreRequest):
    """A redirect not followed; `reason` is the failure reason filed for the request."""

    def __init__(self, reason: str, target: str) -> None:
        super().__init__(f"{reason}: refused redirect to {target}")
        self.reason = reason
        self.target = target


def resolve(host: str) -> list[str]:
    """The addresses a host name resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def ip_literal(host: str) -> Address | None:
    """The address a host is written as, in any form a resolver would read as one."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _LEGACY_IPV4.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_private(address: Address) -> bool:
    """Loopback, private, link-local, shared, reserved, multicast: anything off the internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def is_private_name(host: str) -> bool:
    """A host that is a private address, or a name that can only be one, without a lookup."""
    address = ip_literal(host)
    return is_private(address) if address is not None else bool(_PRIVATE_NAMES.search(host))


def _site_host(host: str) -> str:
    return host.removeprefix("www.").removeprefix("m.")


class RedirectGuardMiddleware:
    def __init__(self, crawler: Crawler, resolver: Resolver = resolve) -> None:
        self.crawler = crawler
        self.resolver = resolver

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("redirect_urls"):
            self._check(request, request.url)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if (
            response.status not in REDIRECT_STATUSES
            or not location
            or self._not_followed(request, response.status)
        ):
            return response
        try:
            target = urljoin(request.url, safe_url_string(location))
        except ValueError:  # 'http://[': RedirectMiddleware would raise on it
            self._refuse(request, "redirect_invalid", repr(location))
        chain = {urldefrag(u).url for u in (*request.meta.get("redirect_urls", ()), request.url)}
        if urldefrag(target).url in chain:
            self._refuse(request, "redirect_loop", target)
        self._check(request, target)
        return response

    def _not_followed(self, request: Request, status: int) -> bool:
        """Whether RedirectMiddleware would leave this response alone anyway."""
        return bool(
            request.meta.get("dont_redirect")
            or request.meta.get("handle_httpstatus_all")
            or status in request.meta.get("handle_httpstatus_list", ())
            or status in getattr(self.crawler.spider, "handle_httpstatus_list", ())
        )

    def _check(self, request: Request, target: str) -> None:
        reason = self.refusal(target)
        if reason is not None:
            self._refuse(request, reason, target)

    def refusal(self, target: str) -> str | None:
        """Why a redirect to `target` must not be followed, or None when it may be."""
        base_url: Any = getattr(self.crawler.spider, "base_url", None)
        if not base_url:
            return None
        base = (urlsplit(base_url).hostname or "").lower()
        host = (urlsplit(target).hostname or "").lower()
        live = not is_private_name(base)
        if host == base:
            return None
        on_site = _site_host(host) == _site_host(base) or host.endswith(f".{_site_host(base)}")
        if live and is_private_name(host):
            return "redirect_private"
        if not on_site:
            return "redirect_offsite"
        if live and ip_literal(host) is None and self._resolves_private(host):
            return "redirect_private"
        return None

    def _resolves_private(self, host: str) -> bool:
        addresses = [ip_literal(a.split("%")[0]) for a in self.resolver(host)]
        return any(a is not None and is_private(a) for a in addresses)

    def _refuse(self, request: Request, reason: str, target: str) -> None:
        self.crawler.stats.inc_value(f"redirect/refused/{reason}")
        logger.warning("Refused redirect from %s to %s: %s", request.url, target, reason)
        raise RedirectRefused(reason, target)
