"""Routing for the fake servers: a method and a path template pick a handler and the path's parameters."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

H = TypeVar("H")

_PARAMETER = re.compile(r"(\{[^}]+\})")


def group_name(parameter: str) -> str:
    """Return the regex group name of a template parameter (`installation-id` -> `installation_id`)."""
    return re.sub(r"[^0-9A-Za-z_]", "_", parameter)


def template_pattern(template: str, *, greedy: Collection[str] = ()) -> re.Pattern[str]:
    """Compile an OpenAPI-style path template to a regex matching a whole path.

    A parameter `{name}` matches one path segment, or any text when `name` is in `greedy`; `{name:regex}` matches
    `regex`.
    """
    pattern = ""
    for piece in _PARAMETER.split(template):
        if piece.startswith("{") and piece.endswith("}"):
            name, _, shape = piece[1:-1].partition(":")
            shape = shape or (".+" if name in greedy else "[^/]+")
            pattern += f"(?P<{group_name(name)}>{shape})"
        else:
            pattern += re.escape(piece)
    return re.compile(f"^{pattern}$")


def literal_length(template: str) -> int:
    """Return how much of a template is literal text; OpenAPI asks that the more literal template wins."""
    return len(_PARAMETER.sub("", template))


@dataclass(frozen=True)
class Found(Generic[H]):
    """The handler a request goes to, the template it matched and the path's (decoded) parameters."""

    handler: H
    template: str
    params: dict[str, str]


@dataclass(frozen=True)
class _Route(Generic[H]):
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: H


class Router(Generic[H]):
    """Handlers registered by method and path template; the most literal matching template wins."""

    def __init__(self, *, greedy: Collection[str] = ()) -> None:
        self._greedy = frozenset(greedy)
        self._routes: list[_Route[H]] = []

    def route(self, method: str, template: str) -> Callable[[H], H]:
        """Register the decorated handler for `method` requests whose path fits `template`."""

        def register(handler: H) -> H:
            pattern = template_pattern(template, greedy=self._greedy)
            self._routes.append(_Route(method, template, pattern, handler))
            # A stable sort: among equally literal templates the first registered wins.
            self._routes.sort(key=lambda route: -literal_length(route.template))
            return handler

        return register

    def find(self, method: str, path: str) -> Found[H] | None:
        """Return where a request goes, or None when no route takes it."""
        for route in self._routes:
            found = route.pattern.match(path) if route.method == method else None
            if found:
                params = {name: urllib.parse.unquote(value) for name, value in found.groupdict().items()}
                return Found(route.handler, route.template, params)
        return None
