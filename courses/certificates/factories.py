"""Test data for certificates: an issued certificate with its completion, learner and course.

certificate = CertificateFactory()                  # valid, no PDF yet
certificate = CertificateFactory(learner=learner, course=course)
"""

import factory
from django.utils import timezone

from courses.certificates.codes import code_generate
from courses.factories import (
    CourseCompletionFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
)
from courses.models import Certificate, CourseIndexPage, ModulePage
from courses.services import enrolment_create, module_mark_done
from home.factories import UserFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    learner = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CoursePageFactory)
    completion = factory.LazyAttribute(
        lambda o: CourseCompletionFactory(learner=o.learner, course=o.course)
    )
    code = factory.LazyFunction(code_generate)
    learner_name = factory.LazyAttribute(lambda o: o.learner.full_name)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    completed_on = factory.LazyAttribute(lambda o: timezone.localdate(o.completion.completed_at))
    commune = factory.LazyAttribute(lambda o: o.learner.commune)
    commune_name = factory.LazyAttribute(lambda o: o.commune.name if o.commune else "")
    province_name = factory.LazyAttribute(
        lambda o: o.commune.province.full_name if o.commune else ""
    )


def course_with_modules(*, modules: int = 2, **course_fields):
    """A published catalog (the site's first), a course in it and its published modules."""
    catalog = CourseIndexPage.objects.first() or CourseIndexPageFactory()
    course = CoursePageFactory(parent=catalog, **course_fields)
    ModulePageFactory.create_batch(modules, parent=course)
    return course


def course_complete(*, learner, course):
    """Enrol the learner and mark every module done through the services, as the site does.

    Tests run inside a transaction: wrap the call in `django_capture_on_commit_callbacks(
    execute=True)` for the completion signal (and so the certificate) to follow.
    """
    enrolment_create(learner=learner, course=course)
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        module_mark_done(learner=learner, course=course, module=module)
    return course.completions.get(learner=learner)
