import pytest
from django.db import IntegrityError

from courses.classes.factories import ClassFactory
from courses.classes.models import Class, ClassMember
from courses.classes.services import (
    ClassError,
    class_join,
    class_member_add,
    class_member_remove,
)
from courses.models import Enrolment
from home.factories import UserFactory


def test_joining_enrols_the_learner_in_every_course_of_the_class(klass, learner, catalog):
    from courses.factories import CoursePageFactory

    second = CoursePageFactory(parent=catalog)
    klass.courses.add(second)

    class_member_add(klass=klass, learner=learner)

    assert set(Enrolment.objects.filter(learner=learner).values_list("course", flat=True)) == {
        c.pk for c in klass.courses.all()
    }
    enrolment = Enrolment.objects.filter(learner=learner).first()
    assert enrolment.commune_id == learner.commune_id
    klass.refresh_from_db()
    assert klass.member_count == 1


def test_joining_with_the_code_ignores_case_and_spaces(klass, learner):
    code = klass.join_code.lower()
    member = class_join(code=f" {code[:3]} {code[3:]} ", learner=learner)
    assert member.klass == klass


def test_an_unknown_code_is_refused_politely(db, learner):
    with pytest.raises(ClassError, match="Không có lớp nào"):
        class_join(code="ZZZZZZ", learner=learner)


def test_a_closed_class_refuses_the_code_but_a_trainer_may_still_add(klass, learner, thuc_phan):
    klass.is_open = False
    klass.save()
    with pytest.raises(ClassError, match="không nhận thêm học viên"):
        class_join(code=klass.join_code, learner=learner)
    assert class_member_add(klass=klass, learner=learner).pk


def test_a_full_class_refuses_the_next_learner(klass, learner, thuc_phan):
    klass.capacity = 1
    klass.save()
    class_member_add(klass=klass, learner=UserFactory(commune=thuc_phan))
    with pytest.raises(ClassError, match="đã đủ học viên"):
        class_join(code=klass.join_code, learner=learner)
    assert not Enrolment.objects.filter(learner=learner).exists()


def test_a_member_joining_again_is_told_so_and_counted_once(klass, learner):
    class_join(code=klass.join_code, learner=learner)
    with pytest.raises(ClassError, match="Bạn đã ở trong lớp"):
        class_join(code=klass.join_code, learner=learner)
    klass.refresh_from_db()
    assert klass.member_count == 1


def test_a_learner_of_another_commune_is_refused(klass, other_commune):
    outsider = UserFactory(commune=other_commune)
    with pytest.raises(ClassError, match="Phường Thục Phán"):
        class_join(code=klass.join_code, learner=outsider)
    assert not ClassMember.objects.filter(learner=outsider).exists()


def test_a_refused_enrolment_undoes_the_membership(klass, learner, class_course):
    from datetime import timedelta

    from django.utils import timezone

    class_course.enrolment_closes_at = timezone.now() - timedelta(days=1)
    class_course.save()
    with pytest.raises(ClassError, match=class_course.title):
        class_member_add(klass=klass, learner=learner)
    assert not ClassMember.objects.filter(learner=learner).exists()
    klass.refresh_from_db()
    assert klass.member_count == 0


def test_removing_a_member_keeps_their_enrolments(klass, learner):
    member = class_member_add(klass=klass, learner=learner)
    class_member_remove(member=member)
    klass.refresh_from_db()
    assert klass.member_count == 0
    assert Enrolment.objects.filter(learner=learner).exists()


def test_the_database_refuses_a_class_over_capacity(klass):
    klass.capacity = 0
    with pytest.raises(IntegrityError):
        Class.objects.filter(pk=klass.pk).update(capacity=0, member_count=1)


def test_the_database_refuses_a_class_ending_before_it_starts(thuc_phan):
    from datetime import date

    with pytest.raises(IntegrityError):
        ClassFactory(commune=thuc_phan, starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1))


def test_join_codes_are_unique_and_readable(thuc_phan):
    codes = {ClassFactory(commune=thuc_phan).join_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == 6 and not set(c) & set("01OIL") for c in codes)
