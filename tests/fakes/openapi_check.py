"""Validate HTTP requests against an OpenAPI 3 description, for the fake trackers."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.fakes.routing import group_name, literal_length, template_pattern


class Verdict(StrEnum):
    """How a request relates to the description."""

    OK = "ok"
    UNKNOWN_PATH = "unknown_path"
    UNKNOWN_METHOD = "unknown_method"
    INVALID = "invalid"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one request: the matched path template and any error."""

    verdict: Verdict
    template: str | None
    params: Mapping[str, str]
    message: str = ""

    @property
    def ok(self) -> bool:
        """Return whether the request follows the description."""
        return self.verdict is Verdict.OK


@dataclass
class _Request:
    """The openapi-core request protocol over plain values."""

    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    content_type: str
    body: bytes | None


def _describe(exc: BaseException) -> str:
    parts = [str(exc)]
    seen = {id(exc)}
    cause = exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        parts.append(str(cause))
        for inner in getattr(cause, "schema_errors", ()) or ():
            parts.append(getattr(inner, "message", str(inner)))
        cause = cause.__cause__ or cause.__context__
    return " | ".join(part for part in parts if part)


class OpenAPIChecker:
    """Check method, path, query and JSON body of requests against one OpenAPI 3 file.

    `slash_params` names path parameters whose values may contain '/', which OpenAPI templates cannot express
    (GitHub's contents `path`); they are matched greedily and percent-encoded before validation. Without
    `validate_spec`, a description that fails the strict spec check itself is still used for requests.
    """

    def __init__(
        self, spec_path: Path, *, server_url: str | None = None, slash_params: Iterable[str] = (),
        validate_spec: bool = True,
    ) -> None:
        document = json.loads(Path(spec_path).read_text(encoding="utf-8"))
        self._openapi = OpenAPI.from_dict(document, config=None if validate_spec else Config(spec_validator_cls=None))
        servers = document.get("servers") or [{"url": "http://localhost"}]
        base = server_url or self._server_default(servers[0])
        parsed = urllib.parse.urlsplit(base)
        self._host_url = f"{parsed.scheme}://{parsed.netloc}"
        self._base_path = parsed.path.rstrip("/")
        self._templates = self._compile(document.get("paths", {}), set(slash_params))
        self._lock = threading.Lock()

    @staticmethod
    def _server_default(server: Mapping[str, Any]) -> str:
        url = str(server["url"])
        for name, variable in (server.get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        return url

    @staticmethod
    def _compile(paths: Mapping[str, Any], slash_params: set[str]) -> list[tuple[str, re.Pattern[str], set[str]]]:
        compiled = []
        for template in paths:
            names = set(re.findall(r"\{([^}]+)\}", template))
            compiled.append((template, template_pattern(template, greedy=slash_params), names & slash_params))
        # Templates with more literal text win, as OpenAPI asks: /labels/{name} is not /labels/{a}/{b}.
        compiled.sort(key=lambda item: -literal_length(item[0]))
        return compiled

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """Return the path template and raw parameters a request path falls under, if any."""
        for template, pattern, _ in self._templates:
            found = pattern.match(path)
            if found:
                return template, {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
        return None

    def _encode_slash_params(self, path: str) -> str:
        for _, pattern, greedy in self._templates:
            found = pattern.match(path)
            if not found:
                continue
            if not greedy:
                return path
            for name in greedy:
                key = group_name(name)
                start, end = found.span(key)
                path = path[:start] + urllib.parse.quote(found.group(key), safe="") + path[end:]
            return path
        return path

    def check(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> CheckResult:
        """Check one request; `path` is relative to the server URL, without the query string."""
        matched = self.match(path)
        template, params = matched if matched else (None, {})
        header_values = Headers(dict(headers or {}))
        request = _Request(
            host_url=self._host_url,
            path=self._base_path + self._encode_slash_params(path),
            method=method.lower(),
            parameters=RequestParameters(
                query=ImmutableMultiDict(list(query)),
                header=header_values,
                cookie=ImmutableMultiDict(),
                path={},
            ),
            content_type=(content_type or "application/json").split(";")[0].strip(),
            body=body if body else None,
        )
        try:
            # Atlassian's description names security schemes openapi-core does not know, and it warns on each request.
            with self._lock, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._openapi.validate_request(request)
        except PathNotFound as exc:
            return CheckResult(Verdict.UNKNOWN_PATH, template, params, _describe(exc))
        except OperationNotFound as exc:
            return CheckResult(Verdict.UNKNOWN_METHOD, template, params, _describe(exc))
        except Exception as exc:  # openapi-core raises many validation error types; each is a violation here
            return CheckResult(Verdict.INVALID, template, params, _describe(exc))
        return CheckResult(Verdict.OK, template, params)


_shared: dict[Path, OpenAPIChecker] = {}
_shared_lock = threading.Lock()


def shared_checker(spec_path: Path, *, slash_params: Iterable[str] = (), validate_spec: bool = True) -> OpenAPIChecker:
    """Return the process-wide checker of a description (loading one takes half a second); the options of its
    first caller hold."""
    with _shared_lock:
        if spec_path not in _shared:
            _shared[spec_path] = OpenAPIChecker(spec_path, slash_params=slash_params, validate_spec=validate_spec)
        return _shared[spec_path]
