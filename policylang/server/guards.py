"""Who may talk to the service: the Host and Origin checks, and the admin token.

A web page in a browser on an operator's machine can make that browser send requests to
``127.0.0.1:8181``. Three checks stop it from using the service:

* **Host** (DNS rebinding: a name the attacker controls, re-pointed at 127.0.0.1, makes the
  browser treat the service as the attacker's own site and read its answers): a request whose
  ``Host`` is not an allowed name is refused (``disallowed-host``, 400). By default the allowed
  names are the loopback ones and the address the server is bound to; ``--allowed-host`` adds
  others (``*`` turns the check off, for a proxy that checks Host itself).
* **Origin** (cross-site requests): a browser says which site a request comes from; one whose
  ``Origin`` is not an allowed name is refused (``cross-origin``, 403). Clients that are not
  browsers send no Origin, and are not affected.
* **Content-Type**: every POST must say ``application/json`` (the handlers check it). A form or
  ``text/plain`` POST, the only kinds a page can send across sites without asking first, is
  refused (415).

Admin endpoints (``POST /v1/reload``) also need the admin token, compared in constant time; with
no token configured they are disabled.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from policylang.server.problems import Problem

__all__ = ["ANY_HOST", "LOOPBACK_NAMES", "AdminToken", "AllowedHosts", "HostGuard"]

#: The names a loopback-bound server answers to by default.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: ``--allowed-host *``: any Host and any Origin.
ANY_HOST = "*"
#: The shortest admin token accepted (a guessable token is no token).
MIN_TOKEN_LENGTH = 16


def _hostname(authority: str) -> str:
    """The host of ``host[:port]`` (IPv6 in brackets), lower-cased, without the port."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1 : authority.find("]")] if "]" in authority else ""
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


def _is_wildcard(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return False


class AllowedHosts:
    """The names requests may use in ``Host`` and ``Origin`` (the port is not compared)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(_hostname(n) if n != ANY_HOST else n for n in names)
        self.any = ANY_HOST in self.names

    @classmethod
    def for_bind(cls, host: str, extra: Iterable[str] = ()) -> AllowedHosts:
        """The default for a server bound to ``host``: the loopback names, ``host`` itself
        unless it is a wildcard address (0.0.0.0, ::), and ``extra``."""
        names = [*LOOPBACK_NAMES, *extra]
        if not _is_wildcard(host):
            names.append(host)
        return cls(names)

    def allows(self, authority: str) -> bool:
        """Whether ``host[:port]`` names this server."""
        return self.any or _hostname(authority) in self.names

    def shown(self) -> str:
        """The names, for messages."""
        return ", ".join(sorted(self.names))


class HostGuard:
    """ASGI middleware: refuse a request whose Host, or Origin, is not an allowed name."""

    def __init__(self, app: ASGIApp, hosts: AllowedHosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.hosts.any:
            await self.app(scope, receive, send)
            return
        host = origin = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
        problem = self._problem(host, origin)
        if problem is None:
            await self.app(scope, receive, send)
            return
        await problem.response(scope["path"])(scope, receive, send)

    def _problem(self, host: str | None, origin: str | None) -> Problem | None:
        hosts = self.hosts
        if host is None or not hosts.allows(host):
            said = "no Host header" if host is None else f"Host `{host}`"
            return Problem(
                "disallowed-host",
                f"{said}: this server answers to {hosts.shown()} only (a name that is yours "
                "can be allowed with --allowed-host)",
                extra={"allowed": sorted(hosts.names)},
            )
        if origin is not None:
            origin_host = urlsplit(origin).hostname if origin != "null" else None
            if origin_host is None or not hosts.allows(origin_host):
                return Problem(
                    "cross-origin",
                    f"requests from the web page at `{origin}` are refused: this server "
                    f"answers pages of {hosts.shown()} only",
                )
        return None


class AdminToken:
    """The token admin endpoints require as ``Authorization: Bearer TOKEN``; None disables
    them."""

    def __init__(self, token: str | None) -> None:
        self._token = None if token is None else token.encode()

    def check(self, request: Request) -> None:
        """Return if ``request`` carries the token; raise the problem otherwise."""
        if self._token is None:
            raise Problem(
                "admin-disabled",
                f"{request.url.path} is disabled: this server was started without an admin "
                "token (--admin-token, or the POLICYLANG_ADMIN_TOKEN environment variable); "
                "the policies are still reloaded when their files change",
            )
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # compare_digest takes the same time whatever the bytes, so the answer's timing
        # does not tell how much of a guess was right.
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), self._token
        ):
            raise Problem(
                "unauthorized",
                f"{request.url.path} needs the admin token: send `Authorization: Bearer TOKEN`",
                headers={"WWW-Authenticate": 'Bearer realm="policylang"'},
            )


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be an admin token, or None."""
    if len(token) < MIN_TOKEN_LENGTH:
        return f"is {len(token)} characters; an admin token needs at least {MIN_TOKEN_LENGTH}"
    if not all("!" <= ch <= "~" for ch in token):
        return "must be printable ASCII without spaces (it is sent in a header)"
    return None
