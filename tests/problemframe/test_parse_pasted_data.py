"""Store reviews pasted with their headers, and counts pasted as tables, are read as the evidence they are."""

from __future__ import annotations

import pytest

from problemframe.parse.findings import PAIN
from tests.problemframe.reading import read, tier

PROBLEM = "## Problem\n\nLessons need a network since 5.0, so commuters lose their streaks underground.\n\n"


def test_reviews_headed_by_a_bold_reviewer_name_each_name_their_writer() -> None:
    frame = read(PROBLEM + "> ★☆☆☆☆ **Rahul M.** · Play · 14 Oct\n> I use this in the metro every day, no network "
                 "underground. Now every lesson says connect to internet.\n\n> ★★☆☆☆ **Jonas Pfeiffer** · App Store "
                 "(DE) · 19 Oct\n> Früher konnte ich Lektionen im Flugzeug machen. Jetzt nicht mehr.\n")

    assert [item.customer for item in frame.evidence] == ["Rahul M", "Jonas Pfeiffer"]
    assert all(item.quote for item in frame.evidence)
    assert tier(frame) == "moderate"


def test_a_count_by_month_in_a_table_is_read_from_its_latest_column() -> None:
    frame = read(PROBLEM + "| | Aug | Oct |\n|---|---|---|\n| Zendesk tickets tagged offline | 41 | 318 |\n"
                 "| Play rating | 4.6 | 4.3 |\n")

    assert [item.count for item in frame.evidence] == [318]


@pytest.mark.parametrize(
    "text",
    ["i buy 500 gems pack, payment ok but in game 0 gems, support gives no answer",
     "weekly leaderboard still shows last week scores since 3.2.0, my run isnt there",
     "Checkout Indonesia cuma support kartu kredit, dan VA ribet",
     "Früher konnte ich Lektionen im Flugzeug machen. Jetzt nicht mehr."],
)
def test_what_does_not_happen_is_a_word_of_pain(text: str) -> None:
    assert PAIN.search(text)
