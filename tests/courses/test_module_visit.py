"""`module_visit` says whether a learner may read a module and why not, as data; the module
page decides what the learner sees (a message and the course page)."""

import pytest
from django.contrib.messages import get_messages

from courses.models import ModulePage
from courses.selectors import LOCKED, NOT_ENROLLED, module_visit
from courses.services import enrolment_create

pytestmark = pytest.mark.django_db


def test_a_learner_who_did_not_enrol_is_refused_without_a_page_context(learner, course, modules):
    visit = module_visit(module=modules[0], learner=learner)

    assert (visit.refusal, visit.context, visit.course.url) == (NOT_ENROLLED, {}, course.url)


def test_a_module_after_an_incomplete_required_one_is_refused_as_locked(
    learner, sequential_course, sequential_modules
):
    enrolment_create(learner=learner, course=sequential_course)

    assert module_visit(module=sequential_modules[0], learner=learner).refusal == ""
    assert module_visit(module=sequential_modules[1], learner=learner).refusal == LOCKED


def test_an_open_module_comes_with_its_page_context(learner, course, modules):
    enrolment_create(learner=learner, course=course)

    visit = module_visit(module=modules[1], learner=learner)

    assert visit.refusal == ""
    assert visit.context["row"].module.pk == modules[1].pk
    assert visit.context["previous_module"].pk == modules[0].pk
    assert visit.context["next_module"].pk == modules[2].pk


def test_a_module_of_an_unpublished_course_is_no_visit(learner, course, modules):
    enrolment_create(learner=learner, course=course)
    course.unpublish()

    assert module_visit(module=modules[0], learner=learner) is None


@pytest.mark.parametrize("refusal", [NOT_ENROLLED, LOCKED])
def test_every_refusal_has_a_message_for_the_learner(refusal, english):
    assert ModulePage.refusal_message(refusal)


def test_the_module_page_sends_a_refused_learner_to_the_course_with_the_reason(
    client, learner, course, modules, english
):
    client.force_login(learner)
    client.cookies["elearn_language"] = "en"

    response = client.get(modules[0].url)

    assert response.status_code == 302
    assert response.url == course.url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Enrol in the course to read its modules."
    ]
