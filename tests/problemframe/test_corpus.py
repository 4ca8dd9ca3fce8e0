"""The labelled corpus: the product agrees with a careful reader on each part, the tier, and invents no metric."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.judge import CorpusResult, judge_corpus, load_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PART_AGREEMENT = 0.94
# The corpus holds batches labelled by many independent readers, who themselves split on weak against moderate; the
# tier bar sits just under today's agreement so that a change which costs tiers shows here.
TIER_AGREEMENT = 0.85
# One pass judges every labelled ticket (thousands of them) in the first test's setup; it grows with each batch.
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def result() -> CorpusResult:
    tickets = load_corpus(CORPUS)
    assert len(tickets) >= 250
    return judge_corpus(tickets)


def test_no_ticket_crashes_or_is_unreadable(result: CorpusResult) -> None:
    assert result.crashes == 0, [line for line in result.disagreements if "CRASH" in line or "unreadable" in line]


@pytest.mark.parametrize("part", ["problem", "evidence", "metric"])
def test_each_part_agrees_with_the_careful_reader(result: CorpusResult, part: str) -> None:
    misses = [line for line in result.disagreements if f": {part} expected" in line]
    assert result.agree[part] / result.total >= PART_AGREEMENT, misses


def test_the_tier_agrees_with_the_careful_reader(result: CorpusResult) -> None:
    assert result.tier_exact / result.total >= TIER_AGREEMENT


def test_numbers_in_code_dates_and_estimates_are_never_a_metric(result: CorpusResult) -> None:
    assert result.invented_metrics <= 3, [line for line in result.disagreements if "invented" in line]


def test_few_customers_are_invented(result: CorpusResult) -> None:
    assert result.false_customers / max(1, result.found_customers) <= 0.25
