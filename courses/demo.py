"""Demo courses: the catalog at /khoa-hoc/ with three Vietnamese courses from `demo_content`.

Called by `manage.py seed_demo` after the site core's demo accounts exist. Idempotent: pages
are looked up by slug, and the demo learner's progress is recorded through the services.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from courses.demo_content import COURSES
from courses.models import CourseIndexPage, CoursePage, ModulePage, Topic
from courses.services import (
    TRAINERS_GROUP,
    catalog_grant_trainers,
    enrolment_create,
    module_mark_done,
    module_start,
)
from home.models import HomePage
from home.text import fold_vietnamese

CATALOG_SLUG = "khoa-hoc"
TRAINER_EMAIL = "trainer@demo.hocvuso.vn"
LEARNER_EMAIL = "hocvien@demo.hocvuso.vn"


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_catalog(home: HomePage) -> CourseIndexPage:
    catalog = CourseIndexPage.objects.child_of(home).filter(slug=CATALOG_SLUG).first()
    if catalog is None:
        catalog = home.add_child(
            instance=CourseIndexPage(
                title="Khóa học",
                slug=CATALOG_SLUG,
                intro=(
                    "<p>Các khóa học kỹ năng số miễn phí, tự học theo tốc độ của bạn, "
                    "trên điện thoại hay máy tính.</p>"
                ),
            )
        )
        _publish(catalog)
    catalog_grant_trainers(catalog=catalog)
    if home.cta_page_id != catalog.pk:
        home.cta_page = catalog
        _publish(home)
    return catalog


def ensure_course(catalog: CourseIndexPage, data: dict) -> CoursePage:
    course = CoursePage.objects.child_of(catalog).filter(slug=data["slug"]).first()
    if course is not None:
        return course
    topic_name = data["topic"]
    topic, _created = Topic.objects.get_or_create(
        name=topic_name, defaults={"slug": fold_vietnamese(topic_name).replace(" ", "-")}
    )
    groups = set(data["target_groups"])
    course = catalog.add_child(
        instance=CoursePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            topic=topic,
            level=data["level"],
            for_officials="official" in groups,
            for_digital_team="digital_team" in groups,
            for_citizens="citizen" in groups,
            duration_minutes=data["duration_minutes"],
            learning_outcomes="\n".join(data["outcomes"]),
            sequential=data["sequential"],
            issues_certificate=data["certificate"],
        )
    )
    _publish(course)
    for module_data in data["modules"]:
        module = course.add_child(
            instance=ModulePage(
                title=module_data["title"],
                slug=module_data["slug"],
                estimated_minutes=module_data["minutes"],
                body=[{"type": kind, "value": value} for kind, value in module_data["body"]],
            )
        )
        _publish(module)
    return course


def demo_learner_progress(courses: list[CoursePage]) -> None:
    """The demo learner has completed the first course and started the second."""
    learner = get_user_model().objects.filter(email=LEARNER_EMAIL).first()
    if learner is None or not courses:
        return
    first = courses[0]
    enrolment_create(learner=learner, course=first)
    for module in ModulePage.objects.child_of(first).live().order_by("path"):
        module_start(learner=learner, module=module)
        if module.completion_parts():
            continue  # completed by passing its activities, not by "Mark as done"
        module_mark_done(learner=learner, course=first, module=module)
    if len(courses) > 1:
        second = courses[1]
        enrolment_create(learner=learner, course=second)
        first_module = ModulePage.objects.child_of(second).live().order_by("path").first()
        if first_module:
            module_start(learner=learner, module=first_module)


@transaction.atomic
def seed(stdout) -> None:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    catalog = ensure_catalog(home)
    courses = [ensure_course(catalog, data) for data in COURSES]
    trainer = get_user_model().objects.filter(email=TRAINER_EMAIL).first()
    if trainer is not None:
        trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    demo_learner_progress(courses)
    stdout.write(f"  catalog  {catalog.url}  with {len(courses)} courses")
