"""The app's routes, one module per domain; each page has a JSON twin under ``/api``."""

from foedus.web.routes import conflicts, crises, entities, home, network, reliability, timeline, treaties

ALL_ROUTERS = [home.router, timeline.router, network.router, treaties.router, entities.router,
               conflicts.router, crises.router, reliability.router]
