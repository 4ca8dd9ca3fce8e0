"""The fake GitHub's routes: each REST operation it serves registers here by method and path template."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fakes.github.model import Caller, Reply
from tests.fakes.routing import Router

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub

SLASH_PARAMS = ("path",)  # a file's path in /contents/{path} keeps its slashes

Route = Callable[["FakeGitHub", Caller, dict[str, str], dict[str, str], Any], Reply]
"""A handler: the fake, the caller, the path's parameters, the query and the JSON body."""

ROUTES: Router[Route] = Router(greedy=SLASH_PARAMS)
route = ROUTES.route
