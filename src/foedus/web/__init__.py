"""The foedus web app: timeline, network, treaties, crises and what-if, conflicts between sources.

``create_app()`` returns the FastAPI application; ``foedus serve`` runs it with uvicorn.
"""

from foedus.web.app import create_app

__all__ = ["create_app"]
