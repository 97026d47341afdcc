"""Front-end files, served from the installed package: no CDN, nothing fetched at run time.

The pages use only the app's own small scripts and styles (``static/``: vanilla JS drawing
SVG), so every page works with the machine offline. The reliability chart's plotly.js is
served from the installed ``plotly`` package (``/vendor/plotly.min.js``, see
:mod:`foedus.web.routes.reliability`).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"


def mount(app: FastAPI) -> None:
    """Serve ``static/`` under ``/static``."""
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
