"""Where the server may send a webhook: not to itself or its network (server-side request
forgery). A URL must be http(s) with a host; every address its host resolves to must be global
(no loopback, private, link-local, shared, reserved, multicast or unspecified address) unless it
is inside a network of the allow-list (``TANDEM_WEBHOOK_ALLOWED_NETWORKS``).

The check runs when an endpoint is registered and again at every send, on the addresses the
send then connects to (delivery.py connects to the address checked here, never resolving the
name a second time): a name that resolved to a public address at registration and to a private
one later (DNS rebinding) is refused then.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from models.errors import BadInput
from models.i18n import Message, msg

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
URL_MAX = 2000


class UrlRefused(BadInput):
    """A URL the server will not send to; ``reason`` says why (extensions.reason)."""

    def __init__(self, message: str | Message, reason: str) -> None:
        super().__init__(message, field="url")
        self.extensions["reason"] = reason


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The allow-list's entries (an address or a network in CIDR form)."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def parse(url: str) -> Target:
    """The URL's parts, or UrlRefused (reason INVALID_URL) for anything but http(s)://host."""
    if len(url) > URL_MAX:
        raise UrlRefused(
            msg("A URL has at most {url_max} characters", url_max=URL_MAX), "INVALID_URL"
        )
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("Not a valid URL", "INVALID_URL") from exc
    if parts.scheme not in ("https", "http"):
        raise UrlRefused("A webhook URL starts with https:// or http://", "INVALID_URL")
    if not parts.hostname or parts.username or parts.password:
        raise UrlRefused("A webhook URL names a host (and no user or password)", "INVALID_URL")
    default = 443 if parts.scheme == "https" else 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port or default, path)


def allowed(address: Address, allow: tuple[Network, ...]) -> bool:
    if any(address in net for net in allow if net.version == address.version):
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return allowed(address.ipv4_mapped, allow)
    return address.is_global and not address.is_multicast


async def resolve(target: Target, allow: tuple[Network, ...]) -> list[Address]:
    """Every address the host resolves to, each one allowed; UrlRefused otherwise (reason
    UNRESOLVABLE, or PRIVATE_ADDRESS when any address is not a public one)."""
    try:
        literal: Address | None = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError) as exc:
            raise UrlRefused(
                msg("The host {host} does not resolve", host=target.host), "UNRESOLVABLE"
            ) from exc
        found = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not found:
            raise UrlRefused(
                msg("The host {host} does not resolve", host=target.host), "UNRESOLVABLE"
            )
    refused = [a for a in found if not allowed(a, allow)]
    if refused:
        raise UrlRefused(
            msg(
                "Webhooks are not sent to loopback, private, link-local or other "
                "non-public addresses ({refused})",
                refused=refused[0],
            ),
            "PRIVATE_ADDRESS",
        )
    return found
