"""Where a redirect may take a fetch: never from the internet into the user's own network.

The URL a user types may name anything, an internal host included: that is their choice. A
redirect is the *source's* choice. A public status page that answers ``302 Location:
http://169.254.169.254/…`` (a cloud's metadata service) or ``http://10.0.0.1/admin`` would
make whalewatch fetch inside the user's network on a stranger's behalf, and show the answer.
So a redirect whose origin resolved to a public address may only lead to public addresses;
the target's name is resolved *before* any connection is made, and every address it resolves
to is checked.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
"""Cloud metadata services (AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba Cloud)."""


def address_kind(address: IPAddress) -> str:
    """``''`` for a public address, else what it is, in words ("a loopback address"…)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_unspecified:
        return "a reserved address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private address"
    if address.is_multicast or address.is_reserved:
        return "a reserved address"
    if isinstance(address, ipaddress.IPv4Address) and address in ipaddress.ip_network(
        "100.64.0.0/10"
    ):
        return "a carrier-grade NAT address"
    return ""


async def resolve(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to (an address literal is itself); ``[]`` if none."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return []
    found: list[IPAddress] = []
    for info in infos:
        try:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        except ValueError:
            continue
        if address not in found:
            found.append(address)
    return found


async def is_public_host(url: str) -> bool:
    """True when every address ``url``'s host resolves to is public (and there is one)."""
    addresses = await resolve(urlsplit(url).hostname or "")
    return bool(addresses) and not any(address_kind(a) for a in addresses)


async def redirect_refusal(origin: str, target: str) -> str:
    """Why a redirect from ``origin`` to ``target`` may not be followed ('' when it may)."""
    target_host = urlsplit(target).hostname or ""
    if target_host == (urlsplit(origin).hostname or ""):
        return ""
    if not await is_public_host(origin):
        return ""  # the user's own choice of an internal host: its redirects are theirs too
    for address in await resolve(target_host):
        kind = address_kind(address)
        if kind:
            return (
                f"redirect to {target_host} ({address}, {kind}) refused: a public source may "
                "not send whalewatch into your own network"
            )
    return ""
