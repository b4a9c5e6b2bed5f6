"""Fixtures for the classes tests: a class in Thục Phán (Cao Bằng) with a course and a trainer,
and the people around it: a trainer of another class, managers of each level."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from courses.classes.factories import ClassFactory
from courses.factories import CoursePageFactory, ModulePageFactory
from courses.reports.factories import ManagerScopeFactory
from courses.services import TRAINERS_GROUP
from home.factories import CommuneFactory, ProvinceFactory, UserFactory


def _trainer(email):
    user = UserFactory(email=email, commune=None, learner_group="")
    user.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    return user


@pytest.fixture
def trainer(db):
    return _trainer("giangvien@example.vn")


@pytest.fixture
def other_trainer(db):
    return _trainer("giangvien2@example.vn")


@pytest.fixture
def class_course(catalog):
    course = CoursePageFactory(parent=catalog, title="Kỹ năng số cho cán bộ xã")
    ModulePageFactory.create_batch(2, parent=course)
    return course


@pytest.fixture
def klass(thuc_phan, class_course, trainer):
    return ClassFactory(
        name="Lớp cán bộ phường Thục Phán",
        commune=thuc_phan,
        courses=[class_course],
        trainers=[trainer],
    )


@pytest.fixture
def son_la(db):
    return ProvinceFactory(code="14", name="Sơn La", codename="son_la")


@pytest.fixture
def long_sap(son_la):
    return CommuneFactory(code="04000", name="Xã Lóng Sập", province=son_la)


@pytest.fixture
def other_commune(cao_bang):
    return CommuneFactory(code="01279", name="Xã Đông Khê", province=cao_bang)


@pytest.fixture
def other_class(long_sap, class_course, other_trainer):
    return ClassFactory(
        name="Lớp Lóng Sập", commune=long_sap, courses=[class_course], trainers=[other_trainer]
    )


@pytest.fixture
def national_manager(db):
    return ManagerScopeFactory(national=True, user__email="quocgia@example.vn").user


@pytest.fixture
def province_manager(cao_bang):
    return ManagerScopeFactory(province=cao_bang, user__email="tinh@example.vn").user


@pytest.fixture
def other_province_manager(son_la):
    return ManagerScopeFactory(province=son_la, user__email="tinhkhac@example.vn").user


@pytest.fixture
def commune_manager(thuc_phan):
    return ManagerScopeFactory(commune=thuc_phan, user__email="xa@example.vn").user


@pytest.fixture
def other_commune_manager(other_commune):
    return ManagerScopeFactory(commune=other_commune, user__email="xakhac@example.vn").user


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages are checked in Vietnamese, the site's default language."""
    with translation.override("vi"):
        yield
