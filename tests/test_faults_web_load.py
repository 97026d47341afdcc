"""A real uvicorn server on 127.0.0.1 keeps answering under a bounded burst of concurrent requests,
and refuses raw traversal requests that an HTTP client library would have normalised away.

The server runs in a subprocess on a socket this test binds to a free port and hands over (no
port race); readiness is the server's own "running" log line, read as it is written (no sleeping).
Its page memo is shrunk to a few entries so evictions happen all the time under concurrency.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 600
CONCURRENCY = 48
DEADLINE_S = 120
"""Bounds: the whole burst must finish well within this (it takes a few seconds)."""

SERVER = textwrap.dedent("""
    import sys, tempfile
    import uvicorn
    import foedus.web.app as web_app
    from foedus.web import create_app
    from tests.e2e.fixture import KB, SEEDS
    web_app.MEMO_SIZE = 4  # evict constantly: concurrent requests race on the memo
    app = create_app(kb_dir=KB, build_dir=tempfile.mkdtemp(), seeds_dir=SEEDS)
    uvicorn.run(app, fd=int(sys.argv[1]), log_level="info", access_log=False)
""")


@pytest.fixture(scope="module")
def server():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    port = sock.getsockname()[1]
    fd = sock.fileno()
    os.set_inheritable(fd, True)
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(fd)], cwd=ROOT, pass_fds=(fd,),
                            stderr=subprocess.PIPE, text=True)
    sock.close()
    log = []
    try:
        for line in proc.stderr:  # blocks until the server writes: no sleeping, no port polling
            log.append(line)
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        else:
            pytest.fail("server exited before it was ready:\n" + "".join(log))
        yield f"http://127.0.0.1:{port}", port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _requests(n: int) -> list[tuple[str, str, dict | None]]:
    """A mix of every kind of route: JSON twins, HTML pages, exports, search, what-ifs, static files."""
    days = [f"1936-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15)]
    mix = []
    for i in range(n):
        k = i % 10
        if k == 0:
            mix.append(("GET", f"/api/network?date={days[i % len(days)]}", None))
        elif k == 1:
            mix.append(("GET", f"/network?date={days[(i * 7) % len(days)]}", None))
        elif k == 2:
            mix.append(("GET", "/api/treaties/pact-1935", None))
        elif k == 3:
            mix.append(("GET", "/treaties/pact-1935", None))
        elif k == 4:
            mix.append(("GET", f"/api/search?q=pact&limit={1 + i % 50}", None))
        elif k == 5:
            mix.append(("GET", "/crises/crisis-test", None))
        elif k == 6:
            mix.append(("POST", "/api/crises/crisis-test/whatif", {"remove_facts": ["threat"]} if i % 20 else {}))
        elif k == 7:
            mix.append(("GET", "/export/timeline.csv", None))
        elif k == 8:
            mix.append(("GET", "/static/app.css", None))
        else:
            mix.append(("GET", "/api/summary", None))
    return mix


async def _burst(base: str, n: int, concurrency: int) -> tuple[Counter, list[str]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)
    statuses: Counter = Counter()
    problems: list[str] = []
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def one(method, url, body):
            async with gate:
                try:
                    r = await client.request(method, url, json=body)
                except httpx.HTTPError as exc:
                    statuses["transport-error"] += 1
                    problems.append(f"{method} {url}: {exc!r}")
                    return
                statuses[r.status_code] += 1
                if r.status_code != 200:
                    problems.append(f"{method} {url}: {r.status_code} {r.text[:200]}")
        await asyncio.gather(*(one(*req) for req in _requests(n)))
    return statuses, problems


def test_server_answers_every_request_of_a_concurrent_burst(server):
    base, _, proc = server
    # a thread of its own: an earlier test (Playwright's sync API) may leave an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        statuses, problems = pool.submit(
            lambda: asyncio.run(asyncio.wait_for(_burst(base, REQUESTS, CONCURRENCY), DEADLINE_S))).result()
    assert statuses == Counter({200: REQUESTS}), problems[:5]
    assert proc.poll() is None  # still up
    assert httpx.get(base + "/api/summary").status_code == 200


def _raw(port: int, target: str) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


@pytest.mark.parametrize("target", [
    "/static/../app.py", "/static/../../../../../../../etc/passwd", "/static/..%2f..%2fapp.py",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..\\..\\app.py", "/treaties/..", "/api/treaties/..",
    "/static/app.css%00", "/static//etc/passwd", "/../../etc/passwd", "/api/treaties/../../../../etc/passwd",
])
def test_raw_traversal_requests_reach_nothing(server, target):
    _, port, _ = server
    status, body = _raw(port, target)
    assert status in (400, 404), status
    for marker in ("root:x:0:0", "def create_app", "import "):
        assert marker not in body
