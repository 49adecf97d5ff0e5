"""Stand-ins for the public hosts the README names, served on 127.0.0.1 behind a proxy.

The README's commands name real sites (``https://www.githubstatus.com``, ``https://x.com/tos``,
X's developer forum feed, a webhook at example.com, ntfy.sh through Apprise). To run them as
written with no network, :class:`PublicHosts` is an HTTP proxy on 127.0.0.1 that the
commands reach through ``HTTPS_PROXY``/``HTTP_PROXY`` (httpx and requests both honour them):
it answers ``CONNECT`` itself, speaks TLS with a certificate for those host names signed by a
throwaway CA (trusted through ``SSL_CERT_FILE``/``REQUESTS_CA_BUNDLE``), and serves each host
a small look-alike: a Statuspage API, X's terms page, an RSS feed, a health check, a hook.
Nothing leaves the machine: the proxy never connects anywhere.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bench.statuspage_server import payloads

HOST_NAMES = ("x.com", "*.x.com", "example.com", "*.example.com", "www.githubstatus.com")
HOST_NAMES += ("api.twitterstat.us", "ntfy.sh")

TERMS_PAGE = """<!doctype html><html><head><title>X Terms of Service</title></head><body>
<nav>Home Explore</nav>
<main id="twtr-main"><h1>Terms of Service</h1>
<p>These Terms govern your access to and use of the services.</p>
<p class="twtr-hidden--lg">Download the app</p>
<p>You are responsible for your use of the Services.</p>
<p>This is revision {revision} of these Terms.</p></main>
</body></html>"""
"""X's terms page; each read of it is a new revision, so two polls find a change."""

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Announcements - X Developers</title>
<link>https://devcommunity.x.com/c/announcements/22</link>
<item><title>Changes to the free API tier</title><guid>devcommunity-1</guid>
<link>https://devcommunity.x.com/t/1</link><pubDate>Thu, 02 Feb 2023 18:00:00 +0000</pubDate>
<description>The free tier ends on 9 February.</description></item>
<item><title>New Basic tier</title><guid>devcommunity-2</guid>
<link>https://devcommunity.x.com/t/2</link><pubDate>Wed, 29 Mar 2023 17:30:00 +0000</pubDate>
<description>Basic costs $100 a month.</description></item>
</channel></rss>"""


def _reply(method: str, host: str, path: str, reads: int) -> tuple[int, str, bytes]:
    """What the look-alike of ``host`` answers the ``reads``-th request for ``path``."""
    summary, history = payloads(0, datetime.now(UTC).replace(microsecond=0))
    if path.endswith("/api/v2/summary.json"):
        return 200, "application/json", summary
    if path.endswith("/api/v2/incidents.json"):
        return 200, "application/json", history
    if method == "POST":  # the webhook, ntfy through Apprise
        return 200, "application/json", json.dumps({"ok": True}).encode()
    if host.endswith("x.com") and path.endswith(".rss"):
        return 200, "application/rss+xml", FEED
    if host == "x.com" and path.startswith(("/tos", "/en/")):
        return 200, "text/html; charset=utf-8", TERMS_PAGE.format(revision=reads).encode()
    if path == "/health":
        return 200, "application/json", b'{"status": "ok"}'
    if path in ("", "/"):
        return 200, "text/html; charset=utf-8", b"<!doctype html><title>Status</title><p>ok"
    return 404, "text/plain", b"not found"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def log_message(self, *args: object) -> None:
        pass

    def do_CONNECT(self) -> None:  # noqa: N802 - the http.server API
        """Become the host asked for: TLS with our certificate, then serve its requests."""
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True
        try:
            tls = self.server.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            _Handler(tls, self.client_address, self.server)
        finally:
            tls.close()

    def _answer(self) -> None:
        target = urlsplit(self.path)
        host = target.hostname or self.headers.get("Host", "").split(":")[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        request = f"{self.command} {host}{target.path}"
        self.server.seen.append(request)
        reads = self.server.seen.count(request)
        status, content_type, body = _reply(self.command, host, target.path, reads)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer  # noqa: N815


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.seen: list[str] = []


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for :data:`HOST_NAMES`: (ca.pem, cert.pem, key.pem)."""
    folder.mkdir(parents=True, exist_ok=True)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=whalewatch README test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    _openssl("req", *ec, "-keyout", "key.pem", "-out", "cert.csr", "-subj", "/CN=README hosts",
             cwd=folder)  # fmt: skip
    names = ",".join(f"DNS:{name}" for name in HOST_NAMES)
    (folder / "ext.cnf").write_text(
        f"subjectAltName={names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        "keyUsage=critical,digitalSignature\n",
        encoding="utf-8",
    )
    _openssl("x509", "-req", "-in", "cert.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "cert.pem", "-days", "2", "-extfile", "ext.cnf",
             cwd=folder)  # fmt: skip
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


class PublicHosts:
    """The proxy and its look-alike hosts; :meth:`environment` points a process at it."""

    def __init__(self, folder: Path) -> None:
        self.ca, cert, key = make_certificates(folder)
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(cert, key)
        self.server = _ProxyServer(tls)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def seen(self) -> list[str]:
        """Every request served, as ``METHOD hostpath``."""
        return self.server.seen

    def environment(self) -> dict[str, str]:
        proxy = f"http://127.0.0.1:{self.server.server_address[1]}"
        return {
            "HTTPS_PROXY": proxy,
            "HTTP_PROXY": proxy,
            "https_proxy": proxy,
            "http_proxy": proxy,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "SSL_CERT_FILE": str(self.ca),
            "REQUESTS_CA_BUNDLE": str(self.ca),
        }

    def __enter__(self) -> PublicHosts:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
