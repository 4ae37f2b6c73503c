"""The offline guard: any Python process that loads it cannot open a network connection off this machine.

The test suite (``tests/conftest.py``) copies this file as ``sitecustomize.py`` into a temporary folder
and puts that folder on ``PYTHONPATH``. Python imports ``sitecustomize`` at start-up, so every process
the suite starts (the nbval kernels that run the notebooks, their joblib workers, the browser test's
JupyterLab server and its kernels) runs with the guard installed. Loopback (127.0.0.0/8, ::1,
"localhost") and Unix sockets still work, so the kernel's own ZMQ channels and local servers are
unaffected; a connection, datagram or name lookup towards any other address raises
``NetworkBlockedError`` *before* a packet leaves (and the guard never sends anything itself).

>>> import socket
>>> install()
>>> getattr(socket.socket.connect, "kit_offline_guard", False)
True
>>> is_local(("127.0.0.1", 80)), is_local(("localhost", 80)), is_local(("192.0.2.1", 80))
(True, True, False)
>>> uninstall()
>>> getattr(socket.socket.connect, "kit_offline_guard", False)
False
"""

from __future__ import annotations

import ipaddress
import socket

_ORIGINAL: dict[str, object] = {}
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


class NetworkBlockedError(ConnectionRefusedError):
    """Raised instead of opening a connection that would leave this machine."""


def is_local(address: object) -> bool:
    """True for addresses that stay on this machine: loopback IPs, "localhost", Unix socket paths."""
    if not isinstance(address, tuple):  # AF_UNIX paths (str/bytes) and other local families
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or str(host).lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:  # a host name other than localhost would need DNS: not local
        return False


def _blocked(what: str, target: object) -> NetworkBlockedError:
    return NetworkBlockedError(f"the kit's offline guard blocked {what} to {target!r}: notebooks and "
                               "helpers must not use the network (see tests/offline_guard.py)")


def install() -> None:
    """Patch the socket module so that only local connections are possible (idempotent)."""
    if _ORIGINAL:
        return
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    original_sendto, original_getaddrinfo = socket.socket.sendto, socket.getaddrinfo
    _ORIGINAL.update(connect=original_connect, connect_ex=original_connect_ex, sendto=original_sendto,
                     getaddrinfo=original_getaddrinfo)

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address):
            raise _blocked("a connection", address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address):
            raise _blocked("a connection", address)
        return original_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1] if args else None
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address):
            raise _blocked("a datagram", address)
        return original_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if not is_local((host,)):
            raise _blocked("a name lookup", host)
        return original_getaddrinfo(host, *args, **kwargs)

    for func in (connect, connect_ex, sendto, getaddrinfo):
        func.kit_offline_guard = True
    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    """Undo ``install`` (used by the doctest above)."""
    if not _ORIGINAL:
        return
    socket.socket.connect = _ORIGINAL["connect"]
    socket.socket.connect_ex = _ORIGINAL["connect_ex"]
    socket.socket.sendto = _ORIGINAL["sendto"]
    socket.getaddrinfo = _ORIGINAL["getaddrinfo"]
    _ORIGINAL.clear()


if __name__ == "sitecustomize":  # loaded at interpreter start-up from the folder conftest.py prepares
    install()
