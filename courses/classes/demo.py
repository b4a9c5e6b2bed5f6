"""Demo classes for `seed_demo` (runs after the accounts and courses exist): a class in each of
two communes, led by the demo trainer, with the demo learner of that commune, two sessions and
their attendance. Idempotent: classes are found by name, members and sessions are not doubled.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.classes.models import Class, ClassSession
from courses.classes.services import (
    ClassError,
    attendance_record,
    class_member_add,
    class_save,
)
from courses.demo import LEARNER_EMAIL, TRAINER_EMAIL
from courses.models import CoursePage
from home.models import Commune, LearnerGroup

DEMO_CLASSES = [
    # name, commune code, learner e-mails, learner group
    ("Lớp cán bộ phường Thục Phán", "01273", [LEARNER_EMAIL], LearnerGroup.OFFICIAL),
    (
        "Tổ công nghệ số cộng đồng 04045",
        "04045",
        ["hocvien2@demo.hocvuso.vn"],
        LearnerGroup.DIGITAL_TEAM,
    ),
]


def seed(stdout) -> None:
    users = get_user_model().objects
    trainer = users.filter(email=TRAINER_EMAIL).first()
    courses = list(CoursePage.objects.live().order_by("path")[:2])
    if trainer is None or not courses:
        return
    today = timezone.localdate()
    for name, commune_code, emails, group in DEMO_CLASSES:
        commune = Commune.objects.filter(code=commune_code).first()
        if commune is None:
            continue
        klass = Class.objects.filter(name=name).first()
        if klass is None:
            klass = class_save(
                klass=Class(name=name, commune=commune, learner_group=group, capacity=40),
                courses=courses,
                trainers=[trainer],
            )
        joined = klass.members.values_list("learner_id", flat=True)
        for learner in users.filter(email__in=emails).exclude(pk__in=joined):
            try:
                class_member_add(klass=klass, learner=learner)
            except ClassError as error:
                stdout.write(f"  class    {name}: {learner.email} not added ({error})")
        for days_ago, topic in ((14, "Buổi 1: Làm quen"), (7, "Buổi 2: Dịch vụ công trực tuyến")):
            session, _created = ClassSession.objects.get_or_create(
                klass=klass, held_on=today - timedelta(days=days_ago), defaults={"topic": topic}
            )
            attendance_record(
                session=session, present_ids=klass.members.values_list("learner_id", flat=True)
            )
        stdout.write(f"  class    {name} (code {klass.join_code})")
