"""The certificate rule without the database: a status table and its properties.

`tests/courses/certificates/test_issuance.py` checks the same refusals read from real
completions, and that each is logged."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.certificates.eligibility import CertificateFacts, eligibility_decide

ELIGIBLE = CertificateFacts(
    course_issues_certificate=True, learner_active=True, learner_full_name="Nguyễn Thị Hà"
)


@pytest.mark.parametrize(
    ("changes", "eligible", "reason"),
    [
        pytest.param({}, True, "eligible", id="eligible"),
        pytest.param(
            {"course_issues_certificate": False},
            False,
            "the course does not issue certificates",
            id="course-without-certificates",
        ),
        pytest.param(
            {"learner_active": False},
            False,
            "the learner's account is inactive",
            id="inactive-account",
        ),
        pytest.param(
            {"learner_full_name": " \t "},
            False,
            "the learner's profile has no full name to print",
            id="blank-full-name",
        ),
        pytest.param(
            {"revoked": True},
            False,
            "the learner's certificate for this course was revoked",
            id="revoked-before",
        ),
        pytest.param(
            {"course_issues_certificate": False, "revoked": True},
            False,
            "the course does not issue certificates",
            id="first-refusal-named",
        ),
    ],
)
def test_certificate_eligibility_status_table(changes, eligible, reason):
    decision = eligibility_decide(CertificateFacts(**{**vars(ELIGIBLE), **changes}))

    assert (decision.eligible, decision.reason) == (eligible, reason)


facts = st.builds(
    CertificateFacts,
    course_issues_certificate=st.booleans(),
    learner_active=st.booleans(),
    learner_full_name=st.one_of(st.just(""), st.just("  "), st.text(max_size=20)),
    revoked=st.booleans(),
)


@given(facts)
def test_a_completion_earns_a_certificate_exactly_when_no_condition_fails(facts):
    decision = eligibility_decide(facts)

    assert decision.eligible is (
        facts.course_issues_certificate
        and facts.learner_active
        and bool(facts.learner_full_name.strip())
        and not facts.revoked
    )
    assert (decision.reason == "eligible") is decision.eligible


@given(facts)
def test_a_revocation_never_turns_a_refusal_into_a_certificate(facts):
    before = eligibility_decide(facts)
    revoked = eligibility_decide(CertificateFacts(**{**vars(facts), "revoked": True}))

    assert not revoked.eligible
    if not before.eligible:
        assert revoked.reason == before.reason
