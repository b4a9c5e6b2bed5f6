"""Reading xAPI statements, without the database: which ones count and which are refused."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from quizzes.h5p.xapi import StatementError, parse_statement

IRI = "http://testserver/h5p/activities/7"
OTHER = "http://testserver/h5p/activities/8"
PREFIXED = "http://testserver/h5p/activities/70"
NAN_STATEMENT = b'{"statement": {"verb": {"id": "x"}, "object": {"id": "y"}, "r": NaN}}'
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def statement(*, verb=ANSWERED, object_id=IRI, score=None, raw=1, maximum=2, **extra) -> dict:
    body = {
        "actor": {"account": {"name": "not-trackable"}},
        "verb": {"id": verb, "display": {"en-US": "answered"}},
        "object": {"id": object_id, "objectType": "Activity"},
        "result": {"score": score if score is not None else {"min": 0, "raw": raw, "max": maximum}},
    }
    body.update(extra)
    return body


def body(data) -> bytes:
    return json.dumps({"statement": data}).encode()


def parse(data):
    return parse_statement(body(data), activity_iri=IRI)


def refusal(raw: bytes) -> str:
    with pytest.raises(StatementError) as error:
        parse_statement(raw, activity_iri=IRI)
    return str(error.value)


@pytest.mark.parametrize("verb", [ANSWERED, COMPLETED])
def test_answered_and_completed_statements_of_the_activity_count(verb):
    score = parse(statement(verb=verb, raw=3, maximum=4))
    assert score.raw == Decimal("3.00")
    assert score.max == Decimal("4.00")
    assert score.percent == Decimal("75.00")
    assert score.verb == verb.rsplit("/", 1)[-1]


def test_fractions_are_rounded_to_hundredths():
    assert parse(statement(raw=1, maximum=3)).percent == Decimal("33.33")


@pytest.mark.parametrize(
    "data",
    [
        statement(verb="http://adlnet.gov/expapi/verbs/interacted"),
        statement(verb="http://adlnet.gov/expapi/verbs/attempted"),
        statement(object_id=f"{IRI}?subContentId=5f1c-question-2"),
        {**statement(), "result": {"completion": True}},
        {**statement(), "result": None},
    ],
    ids=["interacted", "attempted", "child question", "no score", "no result"],
)
def test_other_statements_do_not_count(data):
    assert parse(data) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "no xAPI statement"),
        (b'{"statement": "answered"}', "no xAPI statement"),
        (body({"verb": {"id": ANSWERED}}), "no verb or object"),
        (body(statement(object_id=OTHER)), "about another activity"),
        (body(statement(object_id=PREFIXED)), "about another activity"),
        (body(statement(raw=-1)), "may not be negative"),
        (body(statement(raw=3, maximum=2)), "above the maximum"),
        (body(statement(raw=0, maximum=0)), "maximum score must be above zero"),
        (body(statement(raw=0, maximum=-5)), "maximum score must be above zero"),
        (body(statement(raw="1")), "not a number"),
        (body(statement(raw=True)), "not a number"),
        (body(statement(score={"raw": 1})), "no raw and max"),
        (body(statement(score={"min": 1, "raw": 1, "max": 2})), "minimum score is not zero"),
        (body(statement(raw=1e300, maximum=1e301)), "too large"),
        (NAN_STATEMENT, "not valid JSON"),
        (b"x" * (65 * 1024), "too large"),
    ],
)
def test_malformed_or_impossible_statements_are_refused(raw, expected):
    assert expected in refusal(raw)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinite_scores_are_refused(value):
    raw = body(statement()).replace(b'"raw": 1', f'"raw": {value}'.encode())
    assert "not valid JSON" in refusal(raw)
