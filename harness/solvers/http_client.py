"""aiohttp for the endpoint solver, imported without its import-time CA loading, and the TLS
context an https endpoint gets instead.

aiohttp (3.10 and later) builds two SSL contexts when it is imported, and each loads the
system's CA certificates: 0.47 G instructions here, a fifth of all `horserace run` does before
its first request (valgrind), whether or not any endpoint speaks https. The endpoint solver
never uses those two contexts: an https session gets its own (`tls_context`), made from the same
defaults and environment (SSL_CERT_FILE, SSL_CERT_DIR) when the session opens. So while aiohttp
is imported, OpenSSL is pointed at no CA locations, and aiohttp's own contexts trust nothing:
anything else in this process that used them would have every certificate refused, never a
bad one accepted. The environment is restored as it was.
"""

from __future__ import annotations

import contextlib
import os
import ssl
from collections.abc import Iterator

# Where OpenSSL's default verify paths come from; it reads them at each load, not once.
_CA_LOCATIONS = ("SSL_CERT_FILE", "SSL_CERT_DIR")


@contextlib.contextmanager
def _no_ca_locations() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in _CA_LOCATIONS}
    os.environ.update(dict.fromkeys(_CA_LOCATIONS, os.devnull))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


with _no_ca_locations():  # a no-op import, environment and all, if aiohttp is loaded already
    import aiohttp


def tls_context(url: str) -> ssl.SSLContext | bool:
    """The connector's `ssl` for this URL: for https, a verified context with the system's CAs
    (or SSL_CERT_FILE / SSL_CERT_DIR, read now); for http, aiohttp's default (never used)."""
    return ssl.create_default_context() if url.startswith("https://") else True


__all__ = ["aiohttp", "tls_context"]
