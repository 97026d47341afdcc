"""Pieces shared by the routes: parameters with bounds, and file responses for exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import Response

IdPath = Annotated[str, Path(max_length=200, description="entity id")]
DateQuery = Annotated[str | None, Query(max_length=40, description="EDTF date, e.g. 1936-03-07 or 1938-09")]


class CSVFile(Response):
    """A CSV download (declared as ``text/csv`` in the OpenAPI document)."""

    media_type = "text/csv"


class GraphMLFile(Response):
    """A GraphML download (declared as ``application/graphml+xml``)."""

    media_type = "application/graphml+xml"


def download(text: str, filename: str, media_type: str) -> Response:
    return Response(text, media_type=media_type,
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
