"""GitHub's rate limits: the primary limit on an account's calls, and the secondary limit on its writes."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from tests.fakes.github.model import GitHubError


def graphql_bucket(login: str) -> str:
    """Return the rate-limit bucket of an account's GraphQL calls (GraphQL has a limit of its own)."""
    return f"graphql:{login}"


class RateLimits:
    """Calls left per bucket (an account's REST calls, or its GraphQL calls) and the times of its recent writes."""

    def __init__(
        self, *, clock: Callable[[], float], core_limit: int, writes_per_minute: int, writes_per_hour: int
    ) -> None:
        self.clock = clock
        self.core_limit = core_limit
        self.writes_per_minute = writes_per_minute
        self.writes_per_hour = writes_per_hour
        self._rate: dict[str, list[float]] = {}
        self._write_times: dict[str, deque[float]] = {}

    def set(self, bucket: str, *, remaining: int, reset_in: float) -> None:
        """Set the calls left in a bucket and when it resets."""
        self._rate[bucket] = [float(remaining), self.clock() + reset_in]

    def exhausted(self, bucket: str) -> bool:
        """Return whether a bucket has no call left before it resets."""
        remaining, reset = self._rate.get(bucket, [float(self.core_limit), self.clock() + 3600])
        return remaining <= 0 and self.clock() < reset

    def check_secondary(self, bucket: str) -> None:
        """Count a write, or refuse it when the minute's or the hour's writes are spent."""
        # https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
        now = self.clock()
        times = self._write_times.setdefault(bucket, deque())
        while times and times[0] < now - 3600:
            times.popleft()
        last_minute = sum(1 for t in times if t >= now - 60)
        if last_minute >= self.writes_per_minute or len(times) >= self.writes_per_hour:
            raise GitHubError(
                403,
                "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
                "Please retry your request again later.",
                {"retry-after": "60"},
            )
        times.append(now)

    def spend(self, bucket: str) -> None:
        """Take one call from a bucket, starting a new window when the last one has passed."""
        now = self.clock()
        state = self._rate.setdefault(bucket, [float(self.core_limit), now + 3600])
        if now >= state[1]:
            state[:] = [float(self.core_limit), now + 3600]
        state[0] = max(0.0, state[0] - 1)

    def headers(self, bucket: str) -> dict[str, str]:
        """Return the x-ratelimit headers of a bucket."""
        remaining, reset = self._rate.get(bucket, [float(self.core_limit), self.clock() + 3600])
        return {
            "x-ratelimit-limit": str(self.core_limit),
            "x-ratelimit-remaining": str(int(remaining)),
            "x-ratelimit-reset": str(int(reset)),
            "x-ratelimit-used": str(self.core_limit - int(remaining)),
            "x-ratelimit-resource": "graphql" if bucket.startswith("graphql:") else "core",
        }
