"""Bounds on what a client may send: request bodies are capped before they are read whole."""

from __future__ import annotations

import json

MAX_BODY_BYTES = 64 * 1024
"""Largest request body accepted (a what-if scenario is a few kilobytes)."""

MAX_WHATIF_CHANGES = 200
"""Most fact changes (toggles plus additions) in one what-if request."""

MAX_QUERY_CHARS = 200
"""Longest search query."""


class BodySizeLimit:
    """ASGI middleware answering 413 when a request body exceeds ``max_bytes``.

    Checks Content-Length first, then reads a streamed (chunked) body only up to the limit
    before handing it on, so an oversized body is never held whole.
    """

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    return await self._reject(send)
        # No (or a small) Content-Length: read the body up to the limit, then replay it.
        chunks: list[bytes] = []
        seen = 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                return  # client went away
            chunk = msg.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                return await self._reject(send)
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, send) -> None:
        body = json.dumps({"detail": f"request body too large (limit {self.max_bytes} bytes)"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
