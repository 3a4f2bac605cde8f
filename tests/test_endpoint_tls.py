"""https endpoints: certificates are verified against the system's CAs or SSL_CERT_FILE, although
aiohttp is imported without loading any (harness/solvers/http_client.py).

A real https server on 127.0.0.1 with a certificate from a throwaway CA (trustme), and
`horserace run` as a real subprocess.
"""

from __future__ import annotations

import json
import os
import sqlite3
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
import trustme

from tests.servers import FaultyServer
from tests.test_runner_endpoint import SECRET, ThreadedServer, _competition, _endpoint

N = 12


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


def _run(root: Path, ca_file: Path | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "API_TEAM_KEY": SECRET}
    env.pop("SSL_CERT_DIR", None)
    if ca_file is not None:
        env["SSL_CERT_FILE"] = str(ca_file)
    else:
        env.pop("SSL_CERT_FILE", None)  # the system's CAs, which never signed the test CA's certificate
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", "run", "--no-score", "--no-report", "--quiet"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _responses(root: Path) -> list[tuple[str, str | None, str | None]]:
    with sqlite3.connect(root / ".horserace" / "horserace.db") as conn:
        return conn.execute("select status, error_kind, error_message from responses").fetchall()


def test_an_https_endpoint_is_verified_against_the_configured_ca(tmp_path: Path, ca: trustme.CA) -> None:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    trusted, untrusted = tmp_path / "trusted", tmp_path / "untrusted"
    with ThreadedServer(FaultyServer(ssl_context=_server_context(ca))) as server:
        assert server.url.startswith("https://127.0.0.1:")
        for root, cafile in ((trusted, ca_file), (untrusted, None)):
            _competition(root, N)
            _endpoint(root, server.url)  # retries allowed: a certificate failure is not retried
            proc = _run(root, cafile)
            assert proc.returncode == 0, proc.stderr
        answered = server.count()
    # trusted: every request answered over TLS; untrusted: the handshake fails, nothing reaches HTTP
    assert answered == N
    assert {(s, k) for s, k, _ in _responses(trusted)} == {("ok", None)}
    untrusted_rows = _responses(untrusted)
    assert len(untrusted_rows) == N
    assert all(s == "error" and k == "tls" for s, k, _ in untrusted_rows)
    assert all("certificate verify failed" in m and "attempts" not in m for _, _, m in untrusted_rows)


def test_importing_the_endpoint_solver_loads_no_ca_and_leaves_the_environment_as_it_was(
    tmp_path: Path, ca: trustme.CA
) -> None:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    probe = (
        "import json, os, ssl\n"
        "import harness.solvers.endpoint\n"
        "from aiohttp import connector\n"
        "from harness.solvers.http_client import tls_context\n"
        "print(json.dumps({\n"
        "    'aiohttp': connector._SSL_CONTEXT_VERIFIED.cert_store_stats()['x509_ca'],\n"
        "    'https': tls_context('https://example.org/v1').cert_store_stats()['x509_ca'],\n"
        "    'http': tls_context('http://127.0.0.1:1/v1'),\n"
        "    'env': {k: os.environ.get(k) for k in ('SSL_CERT_FILE', 'SSL_CERT_DIR')},\n"
        "}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SSL_CERT_DIR"}
    env["SSL_CERT_FILE"] = str(ca_file)
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    # aiohttp's import-time context loaded nothing; the solver's own https context loads the CA file
    assert seen == {
        "aiohttp": 0,
        "https": 1,
        "http": True,
        "env": {"SSL_CERT_FILE": str(ca_file), "SSL_CERT_DIR": None},
    }
