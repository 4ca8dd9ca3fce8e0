"""Policy documents validate over the defaults and name each bad key."""

import pytest

from problemframe.policy import Policy, PolicyError, load_policy


def test_empty_document_gives_defaults() -> None:
    assert load_policy(None) == Policy()
    assert load_policy({}) == Policy()


def test_partial_document_overrides_only_what_it_names() -> None:
    policy = load_policy({"evidence": {"tiers": {"strong": 70}}})
    assert policy.evidence.tiers.strong == 70
    assert policy.evidence.tiers.moderate == Policy().evidence.tiers.moderate


def test_misspelt_key_is_named_in_the_error() -> None:
    with pytest.raises(PolicyError, match=r"evidence\.weights\.per_customr"):
        load_policy({"evidence": {"weights": {"per_customr": 3}}})


def test_tiers_out_of_order_are_refused() -> None:
    with pytest.raises(PolicyError, match="weak <= moderate <= strong"):
        load_policy({"evidence": {"tiers": {"moderate": 80, "strong": 60}}})


def test_non_mapping_document_is_refused() -> None:
    with pytest.raises(PolicyError, match="mapping"):
        load_policy(["a", "b"])
