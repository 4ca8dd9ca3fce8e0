"""One GET with error text that is safe to show and says whether retrying may help."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from integration.metrics.base import MeasurementError

TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def get(
    http: httpx.Client | None,
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    pass_status: frozenset[int] = frozenset(),
) -> httpx.Response:
    """GET `url`; raise MeasurementError whose text never includes the URL (it may carry credentials)."""
    try:
        # Redirects could carry credential headers to another host, so they are followed only without them.
        follow = not headers
        if http is None:
            with httpx.Client(timeout=timeout, follow_redirects=follow) as client:
                response = client.get(url, params=params, headers=headers)
        else:
            response = http.get(url, params=params, headers=headers, timeout=timeout, follow_redirects=follow)
    except httpx.TimeoutException:
        raise MeasurementError(f"timed out after {timeout:g}s", transient=True) from None
    except httpx.TransportError as exc:
        raise MeasurementError(f"could not connect ({type(exc).__name__})", transient=True) from None
    except httpx.InvalidURL:
        raise MeasurementError("the configured URL is not valid") from None
    if response.is_redirect:
        raise MeasurementError(
            f"redirected (HTTP {response.status_code}); configure the final URL in the metric sources file"
        )
    if response.status_code >= 400 and response.status_code not in pass_status:
        transient = response.status_code in TRANSIENT_STATUS
        raise MeasurementError(f"HTTP {response.status_code}", transient=transient)
    return response


def json_body(response: httpx.Response) -> Any:
    """Return the decoded JSON body or raise MeasurementError."""
    try:
        return response.json()
    except ValueError:
        raise MeasurementError("the response is not JSON") from None
