"""A small country for the statistics tests: two provinces, three communes, two courses.

    Cao Bằng (04): Phường Thục Phán (01273) — Nhung (official) completed course A,
                   Đức (citizen) half-way through A; Phường Nùng Trí Cao (01279) — Bích
                   (digital team) enrolled in B.
    Sơn La (14):   Xã Lóng Sập (04045) — Cường (citizen) completed A.

Nhung has a valid certificate, Cường a revoked one (when the certificates feature is there).
Managers: a national administrator (superuser), a Cao Bằng manager, a Thục Phán manager, a Sơn
La manager, and a learner with no scope. Targets: Thục Phán 10 (and 3 for officials in A),
Nùng Trí Cao 5, Lóng Sập 8.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from courses.factories import (
    CourseCompletionFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    EnrolmentFactory,
    ModulePageFactory,
    ModuleProgressFactory,
)
from courses.models import CourseCompletion, Enrolment, ModulePartResult
from courses.reports.aggregates import counts_kept
from courses.reports.factories import ManagerScopeFactory, TargetFactory
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import LearnerGroup

INJECTION = '=HYPERLINK("http://evil.example","bấm")'


@dataclass
class World:
    cao_bang: object
    son_la: object
    thuc_phan: object
    nung_tri_cao: object
    long_sap: object
    course_a: object
    course_b: object
    modules_a: list
    national: object
    province_manager: object
    commune_manager: object
    son_la_manager: object
    learner_only: object
    enrolments: dict
    certificate_code: str | None


def _at(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def _enrol(learner, course, *, days_ago: int) -> Enrolment:
    enrolment = EnrolmentFactory(learner=learner, course=course)
    # A raw update of a counted column goes through `counts_kept` (decision 029).
    with counts_kept(enrolment_ids=[enrolment.pk]):
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=_at(days_ago))
    enrolment.refresh_from_db()
    return enrolment


def _complete(enrolment, *, days_ago: int, score=None) -> CourseCompletion:
    completion = CourseCompletionFactory(
        learner=enrolment.learner, course=enrolment.course, enrolment=enrolment, score=score
    )
    completion.completed_at = _at(days_ago)
    completion.save(update_fields=["completed_at"])
    return completion


def _certify(valid_completion, revoked_completion) -> str | None:
    """A valid certificate for one completion and a revoked one for the other, when the
    certificates feature is installed; returns the valid one's printed code."""
    try:
        from courses.certificates.factories import CertificateFactory
    except ImportError:
        return None
    certificate = CertificateFactory(
        learner=valid_completion.learner,
        course=valid_completion.course,
        completion=valid_completion,
    )
    CertificateFactory(
        learner=revoked_completion.learner,
        course=revoked_completion.course,
        completion=revoked_completion,
        status="revoked",
        revoked_at=timezone.now(),
    )
    return certificate.display_code


def build_world() -> World:
    cao_bang = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    son_la = ProvinceFactory(code="14", name="Sơn La", codename="son_la")
    thuc_phan = CommuneFactory(code="01273", name="Phường Thục Phán", province=cao_bang)
    nung_tri_cao = CommuneFactory(code="01279", name="Phường Nùng Trí Cao", province=cao_bang)
    long_sap = CommuneFactory(code="04045", name="Xã Lóng Sập", province=son_la)

    catalog = CourseIndexPageFactory()
    course_a = CoursePageFactory(
        parent=catalog, title="An toàn thông tin cơ bản", slug="an-toan-thong-tin"
    )
    course_b = CoursePageFactory(
        parent=catalog, title="Dịch vụ công trực tuyến", slug="dich-vu-cong"
    )
    modules_a = ModulePageFactory.create_batch(2, parent=course_a)
    ModulePageFactory(parent=course_b)

    nhung = UserFactory(
        email="nhung@example.vn",
        full_name="Nguyễn Thị Hồng Nhung",
        commune=thuc_phan,
        learner_group=LearnerGroup.OFFICIAL,
        work_unit="UBND phường Thục Phán",
    )
    duc = UserFactory(
        email="duc@example.vn",
        full_name="Trần Văn Đức",
        commune=thuc_phan,
        learner_group=LearnerGroup.CITIZEN,
        work_unit=INJECTION,
    )
    bich = UserFactory(
        email="bich@example.vn",
        full_name="Lò Thị Bích",
        commune=nung_tri_cao,
        learner_group=LearnerGroup.DIGITAL_TEAM,
    )
    cuong = UserFactory(
        email="cuong@example.vn",
        full_name="Hoàng Văn Cường",
        commune=long_sap,
        learner_group=LearnerGroup.CITIZEN,
    )

    enrolments = {
        "nhung_a": _enrol(nhung, course_a, days_ago=40),
        "duc_a": _enrol(duc, course_a, days_ago=20),
        "bich_b": _enrol(bich, course_b, days_ago=10),
        "cuong_a": _enrol(cuong, course_a, days_ago=35),
    }
    for module in modules_a:
        ModuleProgressFactory(learner=nhung, module=module, completed_at=_at(31))
    ModuleProgressFactory(learner=duc, module=modules_a[0], completed_at=_at(15))
    for module, score in zip(modules_a, ["75.00", "90.00"], strict=True):
        ModulePartResult.objects.create(
            learner=nhung, module=module, part="quiz:1", score=Decimal(score)
        )
    ModulePartResult.objects.create(
        learner=duc, module=modules_a[0], part="quiz:1", score=Decimal("60.00")
    )
    nhung_done = _complete(enrolments["nhung_a"], days_ago=30, score=Decimal("82.50"))
    cuong_done = _complete(enrolments["cuong_a"], days_ago=5)
    certificate_code = _certify(nhung_done, cuong_done)

    TargetFactory(commune=thuc_phan, expected_completions=10)
    TargetFactory(
        commune=thuc_phan,
        course=course_a,
        learner_group=LearnerGroup.OFFICIAL,
        expected_completions=3,
    )
    TargetFactory(commune=nung_tri_cao, expected_completions=5)
    TargetFactory(commune=long_sap, expected_completions=8)

    return World(
        cao_bang=cao_bang,
        son_la=son_la,
        thuc_phan=thuc_phan,
        nung_tri_cao=nung_tri_cao,
        long_sap=long_sap,
        course_a=course_a,
        course_b=course_b,
        modules_a=modules_a,
        national=UserFactory(email="admin@example.vn", superuser=True, commune=None),
        province_manager=ManagerScopeFactory(
            user__email="caobang@example.vn", province=cao_bang
        ).user,
        commune_manager=ManagerScopeFactory(
            user__email="thucphan@example.vn", commune=thuc_phan
        ).user,
        son_la_manager=ManagerScopeFactory(user__email="sonla@example.vn", province=son_la).user,
        learner_only=nhung,
        enrolments=enrolments,
        certificate_code=certificate_code,
    )
