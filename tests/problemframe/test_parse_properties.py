"""Properties: parsing never raises, and a frame written as a form body parses back to itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from problemframe.model import Direction, Evidence, EvidenceKind, Money, ProblemFrame, SuccessMetric
from problemframe.parse import format_body, parse_ticket
from problemframe.parse.customers import GENERIC_WORDS, plausible_name
from problemframe.parse.kinds import KIND_LABELS
from problemframe.parse.placeholders import is_placeholder
from problemframe.parse.ticket import read_ticket

# 'currently 3 hours' in a problem states today's value, which the reader takes as the metric's baseline on purpose.
NOW_WORDS = {"today", "currently", "current", "now", "average", "median", "typically", "usually", "as", "at"}
# 'goal 40%' or 'target 3 hours' in a problem is a metric stated in prose, which the reader takes as one.
WANT_WORDS = {"goal", "target", "aim", "kr", "okr", "objective", "success", "slo"}
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéø", min_size=2, max_size=10).filter(
    lambda w: w not in NOW_WORDS | WANT_WORDS)
TITLE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).map(str.capitalize)
PUNCT = st.sampled_from(["", "", "", ",", ";", ":", " —", "!", "?", " (sic)", " 40%", " $3k", " 3 hours", " 🙁", " #12",
                         " *really*", " `code`", " [docs](https://x.io/a)", " https://x.io", "\n- ", "\n> ", "\n1. "])


LINE_PUNCT = PUNCT.filter(lambda p: "\n" not in p)


@st.composite
def sentences(draw: st.DrawFn, *, min_words: int = 2, max_words: int = 12, one_line: bool = False) -> str:
    pieces = st.tuples(WORD, LINE_PUNCT if one_line else PUNCT).map("".join)
    words = draw(st.lists(pieces, min_size=min_words, max_size=max_words))
    return " ".join(words).capitalize() + "."


PROBLEMS = st.lists(sentences(), min_size=1, max_size=3).map("\n\n".join).filter(lambda p: not is_placeholder(p))
# A name made only of words such as "Pm", "Support" or "Tbd" reads as a label or a placeholder, not a customer; one
# such as "Account Id" or "Q1 2026" names a field or a date, which the reader refuses on purpose.
CUSTOMERS = st.lists(TITLE, min_size=1, max_size=3).map(" ".join).filter(
    lambda c: c.lower() not in {label.lower() for label in KIND_LABELS.values()}
    and not is_placeholder(c.split()[0])
    and not all(word.lower() in GENERIC_WORDS for word in c.split())
    and plausible_name(c, strict=False)
)
HOSTS = st.sampled_from(
    ["acme.zendesk.com", "app.gong.io", "acme.my.salesforce.com", "acme.slack.com", "example.com", "notion.so",
     "acme.typeform.com", "analytics.amplitude.com", "app.intercom.com", "docs.google.com"]
)
URLS = st.builds(
    "https://{}/{}".format, HOSTS, st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/_-?=&.", max_size=30)
)
MONEY = st.builds(
    Money,
    amount=st.integers(min_value=0, max_value=10**11).map(lambda cents: cents / 100),
    currency=st.sampled_from(["USD", "GBP", "EUR", "CHF", "CAD", "JPY"]),
)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
QUOTES = sentences(min_words=2, max_words=8, one_line=True).filter(lambda q: not is_placeholder(q))


@st.composite
def evidence_items(draw: st.DrawFn) -> Evidence:
    item = Evidence(
        customer=draw(st.none() | CUSTOMERS),
        url=draw(st.none() | URLS),
        kind=draw(st.sampled_from(list(EvidenceKind))),
        arr=draw(st.none() | MONEY),
        date=draw(st.none() | DATES),
        quote=draw(st.none() | QUOTES),
    )
    assume(item.customer or item.url or item.arr or item.date or item.quote)
    return item


VALUES = st.integers(min_value=-10**6, max_value=10**12).map(lambda n: n / 1000)
UNITS = st.sampled_from([None, "%", "s", "ms", "min", "h", "days", "/month", "/week", "users", "exports/week", "USD",
                         "GBP", "EUR"])
SOURCES = st.lists(st.sampled_from(["prometheus", "prod:", "sum(rate(export_jobs_total[7d]))", "Amplitude", "chart",
                                    "'Exports'", "Looker", "dashboard", "#42", "SELECT", "count(*)", "from", "jobs"]),
                   min_size=1, max_size=6).map(" ".join)


NAMES = st.lists(WORD, min_size=1, max_size=5).map(" ".join).filter(lambda name: not is_placeholder(name))


@st.composite
def metrics(draw: st.DrawFn) -> SuccessMetric:
    baseline, target = draw(st.none() | VALUES), draw(st.none() | VALUES)
    assume(baseline is not None or target is not None)
    return SuccessMetric(
        name=draw(st.none() | NAMES),
        baseline=baseline,
        target=target,
        direction=draw(st.none() | st.sampled_from(list(Direction))),
        unit=draw(UNITS),
        window_days=draw(st.none() | st.integers(min_value=0, max_value=3650)),
        window_until=draw(st.none() | DATES),
        source=draw(st.none() | SOURCES),
    )


FRAMES = st.builds(
    ProblemFrame,
    problem=st.none() | PROBLEMS,
    evidence=st.lists(evidence_items(), max_size=6),
    metric=st.none() | metrics(),
)


def _expected_metric(metric: SuccessMetric | None) -> SuccessMetric | None:
    """Return the metric as parsing gives it back: with the direction the numbers show when none is stated."""
    if metric is None:
        return None
    direction = metric.direction
    if direction is None and None not in (metric.baseline, metric.target) and metric.baseline != metric.target:
        assert metric.baseline is not None and metric.target is not None
        direction = Direction.INCREASE if metric.target > metric.baseline else Direction.DECREASE
    return metric.model_copy(update={"direction": direction})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(FRAMES)
def test_format_body_round_trips(frame: ProblemFrame) -> None:
    body = format_body(frame)
    parsed = parse_ticket(body)
    assert parsed.problem == frame.problem
    strip = {"text"}
    assert [item.model_dump(exclude=strip) for item in parsed.evidence] == [
        item.model_dump(exclude=strip) for item in frame.evidence
    ]
    expected = _expected_metric(frame.metric)
    got = parsed.metric.model_dump(exclude=strip) if parsed.metric else None
    assert got == (expected.model_dump(exclude=strip) if expected else None)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_parsing_any_text_never_raises(text: str) -> None:
    frame = read_ticket(text)
    assert isinstance(frame, ProblemFrame)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_parsing_decoded_bytes_never_raises(data: bytes) -> None:
    read_ticket(data.decode("utf-8", "surrogateescape"))
    read_ticket(data.decode("latin-1"))


TOKENS = st.sampled_from(
    ["\n", "\n\n", "# ", "## ", "### ", "h2. ", "**", "*", "_", "- ", "* ", "1. ", "> ", "{quote}", "{code}", "```",
     "Problem", "Problem statement", "Evidence:", "Customer evidence", "Success metric", "Baseline", "Target:",
     "Window",
     "Direction", "Data source:", "_No response_", "TBD", "Acme Corp", "Globex", " — ", " | ", "[x|https://a.io]",
     "[ticket](https://acme.zendesk.com/1)", "https://app.gong.io/call?id=1", "<https://x.io>", "$120k", "€8k MRR",
     "ARR", "2026-03-12", "12 March", "Mar 2026", "from ", "120", " to ", "300", "->", "40s", "5%", "/month",
     "within 30 days", "until 2027-03-01", "Q3 2027", "\"quote\"", "“quote”", "I think", "|---|", ":", "?", "(", ")",
     '{"type":"doc","content":[', '{"type":"paragraph","content":[{"type":"text","text":"x"}]}', "]}", ",", "\t",
     "<!--", "-->", "===", "---", "\x00", "\r\n", "🔥", "Q3", "k", "m", "increase", "reduce"]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(TOKENS, max_size=60).map("".join), st.dictionaries(
    st.sampled_from(["problem", "evidence", "metric", "baseline", "other"]), st.lists(TOKENS, max_size=20).map("".join)
))
def test_parsing_ticket_shaped_noise_never_raises(body: str, fields: dict[str, str]) -> None:
    frame = read_ticket(body, fields=fields, today=dt.date(2026, 11, 29))
    for finding in frame.findings:
        assert finding.message


class _BrokenFields(Mapping[str, str]):
    def __getitem__(self, key: str) -> str:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("a mapping that cannot be read")

    def __len__(self) -> int:
        return 1


def test_parse_ticket_turns_an_internal_failure_into_findings() -> None:
    frame = parse_ticket("## Problem\nExports time out.", fields=_BrokenFields())
    assert [finding.code for finding in frame.findings] == ["problem.unreadable", "evidence.unreadable",
                                                            "metric.unreadable"]
    assert not frame.complete
