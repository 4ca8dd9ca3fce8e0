"""The CSV source on real files: the value on or before the measurement date, filtered by row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
import respx

from integration.metrics.base import MeasurementError
from integration.metrics.csv import CsvClient, parse_csv_query
from problemframe.policy import MetricSource

AT = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
EXPORT = """date,team,exports,conversion
2026-03-13,payments,"1,100",11.5%
2026-03-13,growth,400,9%
2026-03-14,payments,"1,250",12%
2026-03-14,growth,410,9.5%
2026-03-16,payments,"9,999",50%
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "daily.csv"
    path.write_text("\ufeff" + EXPORT, encoding="utf-8")
    return path


VAR = "PROBLEMFRAME_METRIC_EXPORTS"


def source(**update: object) -> MetricSource:
    return MetricSource(kind="csv", url_env=VAR, column="exports", date_column="date",
                        filter={"team": "payments"}).model_copy(update=update)


def client(path: Path | str) -> CsvClient:
    return CsvClient(env={VAR: str(path)})


def test_value_on_or_before_the_date(export: Path) -> None:
    assert client(export).measure(source(), "", at=AT) == 1250
    assert client(export).measure(source(), "", at=dt.datetime(2026, 3, 13, tzinfo=dt.UTC)) == 1100


def test_ticket_query_picks_column_and_filter(export: Path) -> None:
    assert client(export).measure(source(), "conversion team=growth", at=AT) == 9.5


def test_file_url_and_date_before_every_row(export: Path) -> None:
    assert client(f"file://{export}").measure(source(), "", at=AT) == 1250
    with pytest.raises(MeasurementError, match="no CSV row matches on or before 2026-01-01"):
        client(export).measure(source(), "", at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_ambiguous_rows_ask_for_a_filter(export: Path) -> None:
    with pytest.raises(MeasurementError, match="2 CSV rows match 2026-03-14; add a filter"):
        client(export).measure(source(filter={}), "", at=AT)


def test_without_a_date_column_the_last_matching_row_wins(export: Path) -> None:
    assert client(export).measure(source(date_column=None), "", at=AT) == 9999


def test_missing_column_and_file(export: Path, tmp_path: Path) -> None:
    with pytest.raises(MeasurementError, match="no column 'revenue'"):
        client(export).measure(source(), "revenue", at=AT)
    with pytest.raises(MeasurementError, match="does not exist") as caught:
        client(tmp_path / "later.csv").measure(source(), "", at=AT)
    assert caught.value.transient


def test_bad_date_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,team,exports\nyesterday,payments,3\n")
    with pytest.raises(MeasurementError, match="row 2: 'yesterday' is not an ISO date"):
        client(path).measure(source(), "", at=AT)


def test_timestamps_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "ts.csv"
    path.write_text("date,team,exports\n2026-03-15T11:00:00Z,payments,5\n2026-03-15T13:00:00+00:00,payments,6\n")
    assert client(path).measure(source(), "", at=AT) == 5


def test_query_parsing() -> None:
    base = MetricSource(kind="csv", url="x", column="a", filter={"team": "x"})
    assert parse_csv_query('b team="data platform" region=eu', base) == ("b", {"team": "data platform",
                                                                              "region": "eu"})
    with pytest.raises(MeasurementError, match="no CSV column"):
        parse_csv_query("", MetricSource(kind="csv", url="x"))


def test_a_local_file_must_be_named_through_the_environment(export: Path) -> None:
    with pytest.raises(MeasurementError, match="set url_env"):
        CsvClient(env={}).measure(source(url_env=None, url=str(export)), "", at=AT)


@respx.mock
def test_csv_over_http() -> None:
    respx.get("https://exports.test/daily.csv").mock(return_value=httpx.Response(200, text=EXPORT))
    remote = MetricSource(kind="csv", url="https://exports.test/daily.csv", column="exports", date_column="date",
                          filter={"team": "growth"})
    assert CsvClient(env={}).measure(remote, "", at=AT) == 410
