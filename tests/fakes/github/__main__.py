"""Serve a fake GitHub until interrupted (manual runs and benchmarks): `python -m tests.fakes.github --port 8765
--token TOKEN:LOGIN --repo OWNER/NAME --issues 3`."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator, Sequence

from tests.fakes.github.server import FakeGitHub


def _iter_pairs(values: Sequence[str]) -> Iterator[tuple[str, str]]:
    for value in values:
        token, _, login = value.partition(":")
        yield token, login


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a fake GitHub until interrupted (manual runs and benchmarks)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", action="append", default=[], metavar="TOKEN:LOGIN")
    parser.add_argument("--repo", action="append", default=[], metavar="OWNER/NAME")
    parser.add_argument("--issues", type=int, default=0, help="issues to create in each repository")
    args = parser.parse_args(argv)
    fake = FakeGitHub()
    for token, login in _iter_pairs(args.token):
        fake.add_user(login, token=token)
    for full_name in args.repo:
        fake.add_repo(full_name)
        for n in range(args.issues):
            fake.add_issue(full_name, title=f"Issue {n + 1}")
    print(fake.start(args.host, args.port), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
