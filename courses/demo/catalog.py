"""Demo courses: the catalog at /khoa-hoc/ with the Vietnamese courses of `content/*.toml`.

Called by `manage.py seed_demo` after the site core's demo accounts exist. Idempotent: pages
are looked up by slug, and the demo learner's progress is recorded through the services.
"""

import io
import math

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from courses.demo.loader import demo_courses_load
from courses.models import CertificateSettings, CourseIndexPage, CoursePage, ModulePage, Topic
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


DEMO_SIGNER = ("Trần Minh Đức", "Giám đốc (chữ ký mẫu)")


def _png(draw_on, size: tuple[int, int], name: str, title: str):
    picture = PillowImage.new("RGBA", size, (255, 255, 255, 0))
    draw_on(ImageDraw.Draw(picture), size)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=name))


def _draw_logo(draw, size):
    width, height = size
    draw.ellipse((4, 4, width - 4, height - 4), fill=(180, 20, 30, 255))
    centre, outer, inner = (width / 2, height / 2), width * 0.34, width * 0.14
    points = [
        (
            centre[0] + (outer if n % 2 == 0 else inner) * math.sin(n * math.pi / 5),
            centre[1] - (outer if n % 2 == 0 else inner) * math.cos(n * math.pi / 5),
        )
        for n in range(10)
    ]
    draw.polygon(points, fill=(255, 205, 0, 255))


def _draw_signature(draw, size):
    width, height = size
    points = [
        (20 + x, height / 2 + 28 * math.sin(x / 17) * math.cos(x / 41)) for x in range(width - 40)
    ]
    draw.line(points, fill=(20, 40, 120, 255), width=4, joint="curve")


def demo_certificate_issuer(site: Site) -> None:
    """A signer, a logo and a signature image on the demo certificates (only where unset)."""
    issuer = CertificateSettings.for_site(site)
    if not issuer.signer_name:
        issuer.signer_name, issuer.signer_title = DEMO_SIGNER
    if issuer.logo is None:
        issuer.logo = _png(_draw_logo, (240, 240), "demo-logo.png", "Logo (demo)")
    if issuer.signature_image is None:
        issuer.signature_image = _png(
            _draw_signature, (480, 160), "demo-signature.png", "Chữ ký mẫu (demo)"
        )
    issuer.save()


@transaction.atomic
def seed(stdout) -> None:
    content = demo_courses_load()  # checked before anything is written
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    catalog = ensure_catalog(home)
    courses = [ensure_course(catalog, data) for data in content]
    trainer = get_user_model().objects.filter(email=TRAINER_EMAIL).first()
    if trainer is not None:
        trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    demo_certificate_issuer(site)
    demo_learner_progress(courses)
    stdout.write(f"  catalog  {catalog.url}  with {len(courses)} courses")
