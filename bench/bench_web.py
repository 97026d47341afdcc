"""Request latency of the web app under concurrent load on loopback, against a static file server.

Both servers run the same way (uvicorn, one worker, in a child process on 127.0.0.1): the
app computes each JSON answer from the KB; the baseline serves the very same bytes from
files with a plain static Starlette app. A bounded number of requests per endpoint is sent
by CONCURRENCY concurrent clients; the script prints p50/p95 latency and throughput for
both and their ratio (app / static), measured in the same run (app and static batches
alternate, three rounds per endpoint), then stops by itself.

Run: .venv/bin/python bench/bench_web.py [--requests 300] [--concurrency 16] [--kb kb/]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import socket
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

console = Console()


def _bind() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    return s


def _run_app(sock: socket.socket, kb: str | None) -> None:
    import uvicorn

    from foedus.web import create_app

    uvicorn.Server(uvicorn.Config(create_app(kb_dir=kb), log_level="error", access_log=False)).run(sockets=[sock])


def _run_static(sock: socket.socket, folder: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    app = Starlette(routes=[Mount("/", StaticFiles(directory=folder))])
    uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False)).run(sockets=[sock])


def _start(target, *args) -> tuple[mp.Process, str]:
    sock = _bind()
    port = sock.getsockname()[1]
    proc = mp.get_context("fork").Process(target=target, args=(sock, *args), daemon=True)
    proc.start()
    sock.close()  # the child holds its own copy
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:  # poll until the server answers
        try:
            httpx.get(url + "/", timeout=1.0)
            return proc, url
        except httpx.TransportError:
            if not proc.is_alive():
                break
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"server at {url} did not start")


async def _load(url: str, paths: list[str], n: int, concurrency: int, prog: Progress, task) -> list[float]:
    """Send ``n`` GET requests (cycling over ``paths``) with ``concurrency`` clients; latencies in ms."""
    lat: list[float] = []
    queue = list(range(n))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        async def worker() -> None:
            while queue:
                i = queue.pop()
                t0 = time.perf_counter()
                r = await client.get(paths[i % len(paths)])
                lat.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (paths[i % len(paths)], r.status_code)
                prog.advance(task)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return lat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=300, help="requests per endpoint and server")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--kb", default=None, help="knowledge-base folder (default ./kb)")
    args = ap.parse_args()

    app_proc, app_url = _start(_run_app, args.kb)
    try:
        listing = httpx.get(app_url + "/api/treaties").json()["items"]
        tid = listing[0]["id"] if listing else None
        endpoints = {"timeline": "/api/timeline", "network 1936-03-07": "/api/network?date=1936-03-07",
                     "search 'pact'": "/api/search?q=pact"}
        if tid:
            endpoints["treaty " + tid] = f"/api/treaties/{tid}"
        with tempfile.TemporaryDirectory() as tmp:
            files = {}
            for name, path in endpoints.items():
                body = httpx.get(app_url + path).content
                fname = f"{abs(hash(name))}.json"
                Path(tmp, fname).write_bytes(body)
                files[name] = "/" + fname
            static_proc, static_url = _start(_run_static, tmp)
            try:
                results: dict[tuple[str, str], list[float]] = {}
                rounds = 3  # app and static batches alternate, so machine load drifts hit both alike
                with Progress(console=console, transient=True) as prog:
                    task = prog.add_task("requests", total=2 * args.requests * len(endpoints))
                    for name, path in endpoints.items():
                        for r in range(rounds):
                            n = args.requests // rounds + (1 if r < args.requests % rounds else 0)
                            for label, url, p in (("app", app_url, path), ("static", static_url, files[name])):
                                results.setdefault((name, label), []).extend(
                                    asyncio.run(_load(url, [p], n, args.concurrency, prog, task)))
            finally:
                static_proc.kill()
    finally:
        app_proc.kill()

    t = Table(title=f"{args.requests} requests per endpoint, {args.concurrency} concurrent clients, loopback")
    for col in ("endpoint", "app p50 ms", "app p95 ms", "static p50 ms", "static p95 ms", "ratio p50", "ratio p95"):
        t.add_column(col, justify="right" if col != "endpoint" else "left")
    ratios = []
    for name in endpoints:
        a, s = results[(name, "app")], results[(name, "static")]
        qa, qs = statistics.quantiles(a, n=20), statistics.quantiles(s, n=20)
        pa, ps = statistics.median(a), statistics.median(s)
        ratios.append(pa / ps)
        t.add_row(name, f"{pa:.1f}", f"{qa[18]:.1f}", f"{ps:.1f}", f"{qs[18]:.1f}", f"{pa / ps:.2f}", f"{qa[18] / qs[18]:.2f}")
    console.print(t)
    console.print(f"geometric-mean p50 ratio app/static: {statistics.geometric_mean(ratios):.2f}")


if __name__ == "__main__":
    main()
