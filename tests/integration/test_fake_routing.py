"""The router both fake trackers share."""

from __future__ import annotations

from tests.fakes.routing import Router


def _router() -> Router[str]:
    router: Router[str] = Router(greedy=["path"])
    for method, template in [
        ("GET", "/repos/{owner}/{repo}/issues/{issue_number}"),
        ("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
        ("GET", "/repos/{owner}/{repo}/contents/{path}"),
        ("PUT", "/rest/webhooks/1.0/webhook/{id:\\d+}"),
        ("GET", "/rest/api/{v:2|3|latest}/issue/{key}"),
    ]:
        router.route(method, template)(f"{method} {template}")
    return router


def test_the_more_literal_template_wins_whatever_the_order_of_registration() -> None:
    found = _router().find("GET", "/repos/o/r/issues/comments/7")
    assert found is not None
    assert (found.template, found.params) == (
        "/repos/{owner}/{repo}/issues/comments/{comment_id}", {"owner": "o", "repo": "r", "comment_id": "7"}
    )


def test_a_greedy_parameter_keeps_its_slashes_and_parameters_are_decoded() -> None:
    found = _router().find("GET", "/repos/o/r/contents/.github/problem%20frame.yml")
    assert found is not None and found.params["path"] == ".github/problem frame.yml"


def test_a_shaped_parameter_matches_only_its_shape() -> None:
    router = _router()
    assert router.find("PUT", "/rest/webhooks/1.0/webhook/12") is not None
    assert router.find("PUT", "/rest/webhooks/1.0/webhook/abc") is None
    assert router.find("PUT", "/rest/webhooks/1x0/webhook/12") is None  # the dot is literal
    found = router.find("GET", "/rest/api/latest/issue/PROJ-1")
    assert found is not None and found.params == {"v": "latest", "key": "PROJ-1"}
    assert router.find("GET", "/rest/api/4/issue/PROJ-1") is None


def test_the_method_must_match_too() -> None:
    router = _router()
    assert router.find("DELETE", "/repos/o/r/issues/1") is None
    found = router.find("GET", "/repos/o/r/issues/1")
    assert found is not None and found.handler == "GET /repos/{owner}/{repo}/issues/{issue_number}"
