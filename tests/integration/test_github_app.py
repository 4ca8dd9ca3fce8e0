"""GitHubTracker as a GitHub App against the fake GitHub: JWT, installation tokens, refresh, bot identity."""

from __future__ import annotations

import time

import pytest
import requests

from integration.github.comments import MARKER
from integration.tracker import PermanentTrackerError
from problemframe.actions import SetLabels, UpsertComment
from problemframe.events import TicketRef
from tests.fakes.clock import FakeClock
from tests.fakes.github.auth import app_key_pair
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_app_tracker

APP_ID = 424242
REPO = "octo-org/widgets"
OTHER = "octo-org/gadgets"
TOKENS = "/app/installations/{}/access_tokens"


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    """Return a fresh RSA key pair (private PEM, public PEM) for the module."""
    return app_key_pair()


@pytest.fixture
def app(fake_github: FakeGitHub, keys: tuple[str, str]) -> FakeGitHub:
    """Register the App and install it on two repositories with one issue each."""
    fake_github.add_app(APP_ID, slug="problemframe", public_key_pem=keys[1])
    for full_name in (REPO, OTHER):
        fake_github.add_repo(full_name)
        fake_github.add_issue(full_name, title="Exports time out")
    return fake_github


def ref(container: str = REPO) -> TicketRef:
    """Return the ref of issue 1 in a repository."""
    return TicketRef(tracker="github", container=container, key="1")


def test_app_writes_as_its_bot_with_one_token_exchange(app: FakeGitHub, keys: tuple[str, str]) -> None:
    installation = app.install_app(APP_ID, [REPO, OTHER])
    gh = github_app_tracker(app, APP_ID, keys[0], write_interval=0.0)

    assert gh.service_login() == "problemframe[bot]"
    gh.apply([UpsertComment(ref=ref(), body=f"{MARKER}\nv1")])
    gh.apply([UpsertComment(ref=ref(), body=f"{MARKER}\nv2")])
    gh.apply([UpsertComment(ref=ref(OTHER), body=f"{MARKER}\nv1")])

    assert [(c.user.login, c.body) for c in app.comments(REPO, 1)] == [("problemframe[bot]", f"{MARKER}\nv2")]
    exchanges = [r for r in app.requests if r.path == TOKENS.format(installation.id)]
    assert [r.status for r in exchanges] == [201]
    lookups = [r for r in app.requests if r.path.endswith("/installation")]
    assert len(lookups) == 2  # one per repository, then cached
    assert {r.who for r in app.writes() if r.path.startswith("/repos/")} == {"problemframe[bot]"}


def test_installation_token_is_renewed_shortly_before_it_expires(app: FakeGitHub, keys: tuple[str, str]) -> None:
    # PyGithub renews a token 20 s before its expires_at, judged by its own wall clock. The fake issues tokens on
    # a virtual clock started 3590 s ago, so its first hour-long token is already inside that margin; once the
    # virtual clock has caught up, the next token has its full hour and is kept.
    clock = FakeClock(start=time.time() - 3590)
    app.clock = clock.time
    installation = app.install_app(APP_ID, [REPO])
    gh = github_app_tracker(app, APP_ID, keys[0])

    gh.fetch_ticket(ref())
    [first] = [t for t in app.tokens.values() if t.installation is installation]
    clock.sleep(3590)
    gh.fetch_ticket(ref())
    gh.fetch_ticket(ref())

    exchanges = [r for r in app.requests if r.path == TOKENS.format(installation.id)]
    assert len(exchanges) == 2
    assert first.expires_at is not None and first.expires_at > exchanges[1].time  # renewed while still valid
    assert [r.status for r in app.requests if r.path == f"/repos/{REPO}/issues/1"] == [200, 304, 304]


def test_expired_installation_token_is_refused_by_the_fake(
    app: FakeGitHub, keys: tuple[str, str], fake_clock: FakeClock
) -> None:
    app.clock = fake_clock.time
    installation = app.install_app(APP_ID, [REPO], token_ttl=600)
    gh = github_app_tracker(app, APP_ID, keys[0])
    gh.fetch_ticket(ref())  # the fresh token works
    token = next(t for t in app.tokens.values() if t.installation is installation)
    fake_clock.sleep(601)

    answer = requests.get(f"{app.base_url}/repos/{REPO}/issues/1", headers={"Authorization": f"token {token.value}"})
    assert answer.status_code == 401


def test_a_jwt_signed_with_another_key_is_refused(app: FakeGitHub) -> None:
    app.install_app(APP_ID, [REPO])
    gh = github_app_tracker(app, APP_ID, app_key_pair()[0])

    with pytest.raises(PermanentTrackerError, match="401"):
        gh.service_login()
    with pytest.raises(PermanentTrackerError, match="401"):
        gh.fetch_ticket(ref())


def test_repository_without_the_app_is_permanent(app: FakeGitHub, keys: tuple[str, str]) -> None:
    app.install_app(APP_ID, [REPO])
    gh = github_app_tracker(app, APP_ID, keys[0])
    action = SetLabels(ref=ref(OTHER), wanted=frozenset({"needs-framing"}), managed=frozenset({"needs-framing"}))

    with pytest.raises(PermanentTrackerError, match="404"):
        gh.apply([action])
    assert app.writes() == []


def test_installation_token_only_reaches_its_repositories(app: FakeGitHub, keys: tuple[str, str]) -> None:
    installation = app.install_app(APP_ID, [REPO])
    gh = github_app_tracker(app, APP_ID, keys[0])
    gh.fetch_ticket(ref())  # the token works on its own repository
    token = next(t for t in app.tokens.values() if t.installation is installation)

    answer = requests.get(f"{app.base_url}/repos/{OTHER}/issues/1", headers={"Authorization": f"token {token.value}"})
    assert answer.status_code == 404
