"""The SQL source on a real database: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text

from integration.metrics.base import MeasurementError
from integration.metrics.sql import SqlClient, check_query
from problemframe.policy import MetricSource

AT = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
VAR = "PROBLEMFRAME_METRIC_DB"
SOURCE = MetricSource(kind="sql", url_env=VAR)


@pytest.fixture
def client(database_url: str) -> SqlClient:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE exports (day DATE, team VARCHAR(20), jobs NUMERIC)"))
        connection.execute(
            text("INSERT INTO exports VALUES (:day, :team, :jobs)"),
            [{"day": dt.date(2026, 3, d), "team": t, "jobs": j}
             for d, t, j in [(13, "payments", 1100), (14, "payments", 1250.5), (16, "payments", 9999),
                             (14, "growth", 410)]],
        )
    engine.dispose()
    return SqlClient(env={VAR: database_url})


def test_one_number_with_the_window_end_bound(client: SqlClient) -> None:
    query = "SELECT jobs FROM exports WHERE team = 'payments' AND day <= :at_date ORDER BY day DESC LIMIT 1;"
    assert client.measure(SOURCE, query, at=AT) == 1250.5
    assert client.measure(SOURCE, "SELECT count(*) FROM exports", at=AT) == 4


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT jobs FROM exports", "exactly one row"),
    ("SELECT jobs, team FROM exports WHERE team = 'growth'", "exactly one row with one column"),
    ("SELECT jobs FROM exports WHERE team = 'nobody'", "no rows"),
    ("SELECT max(jobs) FROM exports WHERE team = 'nobody'", "NULL"),
    ("SELECT team FROM exports WHERE team = 'growth'", "not a number"),
    ("SELECT jobs FROM nowhere", "query failed"),
])
def test_unusable_results(client: SqlClient, query: str, message: str) -> None:
    with pytest.raises(MeasurementError, match=message):
        client.measure(SOURCE, query, at=AT)


def test_writes_are_refused_and_never_happen(client: SqlClient) -> None:
    with pytest.raises(MeasurementError, match="one SELECT"):
        client.measure(SOURCE, "DELETE FROM exports", at=AT)
    with pytest.raises(MeasurementError, match="single statement"):
        client.measure(SOURCE, "SELECT 1; DELETE FROM exports", at=AT)
    # A data-modifying CTE gets past the text check; the read-only transaction stops it.
    with pytest.raises(MeasurementError):
        client.measure(SOURCE, "WITH gone AS (DELETE FROM exports RETURNING 1) SELECT count(*) FROM gone", at=AT)
    assert client.measure(SOURCE, "SELECT count(*) FROM exports", at=AT) == 4


def test_the_url_must_come_from_the_environment(database_url: str) -> None:
    with pytest.raises(MeasurementError, match="set url_env"):
        SqlClient(env={}).measure(MetricSource(kind="sql", url=database_url), "SELECT 1", at=AT)


def test_errors_never_show_the_password() -> None:
    env = {VAR: "postgresql+psycopg://metrics:hunter22@127.0.0.1:1/db"}
    with pytest.raises(MeasurementError) as caught:
        SqlClient(env=env).measure(SOURCE, "SELECT 1", at=AT)
    assert "hunter22" not in str(caught.value)
    assert caught.value.transient
    with pytest.raises(MeasurementError, match="not valid"):
        SqlClient(env={VAR: "nonsense://"}).measure(SOURCE, "SELECT 1", at=AT)


def test_check_query() -> None:
    assert check_query("  with x as (select 1) select * from x ; ") == "with x as (select 1) select * from x"
