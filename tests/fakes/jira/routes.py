"""The fake Jira's routes: each REST operation it serves registers here by method and path template."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tests.fakes.routing import Router

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler

Route = Callable[["JiraHandler", dict[str, str], dict[str, str], Any], tuple[int, Any]]
"""A handler: the request, the path's parameters, the query and the JSON body."""

ROUTES: Router[Route] = Router()
route = ROUTES.route

API = "/rest/api/{v:2|3|latest}"


def page(values: list[Any], query: Mapping[str, str], default: int = 50) -> dict[str, Any]:
    """Return one page of `values` in Jira's startAt/maxResults shape."""
    start, size = int(query.get("startAt", 0)), int(query.get("maxResults", default))
    chunk = values[start : start + size]
    return {
        "startAt": start,
        "maxResults": size,
        "total": len(values),
        "isLast": start + size >= len(values),
        "values": chunk,
    }
