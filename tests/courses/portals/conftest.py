"""Two provincial portals beside the national site, over one national library.

national site (default, "localhost"): catalog /khoa-hoc/ with the national course
    "ky-nang-so" (three modules)
Hà Nội (01) at ha-noi.localhost: its own course "so-hoa-ha-noi" (one module)
Cao Bằng (04) at cao-bang.localhost
"""

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.portals.services import portal_create
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import LearnerGroup

HOST_A = "ha-noi.localhost"
HOST_B = "cao-bang.localhost"
NATIONAL_HOST = "localhost"


@pytest.fixture
def ha_noi(db):
    province = ProvinceFactory(code="01", name="Hà Nội", codename="ha_noi", kind="thanh_pho")
    CommuneFactory(code="00004", name="Phường Ba Đình", province=province)
    return province


@pytest.fixture
def cao_bang(db):
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    CommuneFactory(code="01273", name="Phường Thục Phán", province=province)
    return province


@pytest.fixture
def national_catalog(db):
    return CourseIndexPageFactory()


@pytest.fixture
def national_course(national_catalog):
    return CoursePageFactory(parent=national_catalog, title="Kỹ năng số", slug="ky-nang-so")


@pytest.fixture
def national_modules(national_course):
    return [
        ModulePageFactory(parent=national_course, title=f"Bài {n}", slug=f"bai-{n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def portal_a(ha_noi, national_catalog):
    return portal_create(
        province_code="01", hostname=HOST_A, display_name="Cổng học tập Hà Nội"
    ).portal


@pytest.fixture
def portal_b(cao_bang, national_catalog):
    return portal_create(
        province_code="04", hostname=HOST_B, display_name="Cổng học tập Cao Bằng"
    ).portal


@pytest.fixture
def catalog_a(portal_a):
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.child_of(portal_a.site.root_page).get()


@pytest.fixture
def catalog_b(portal_b):
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.child_of(portal_b.site.root_page).get()


@pytest.fixture
def province_course(catalog_a):
    course = CoursePageFactory(parent=catalog_a, title="Số hóa Hà Nội", slug="so-hoa-ha-noi")
    ModulePageFactory(parent=course, title="Bài riêng", slug="bai-rieng")
    return course


@pytest.fixture
def learner_a(ha_noi):
    return UserFactory(
        email="hocvien.hanoi@example.vn",
        commune=ha_noi.communes.get(),
        learner_group=LearnerGroup.OFFICIAL,
    )


@pytest.fixture
def learner_b(cao_bang):
    return UserFactory(
        email="hocvien.caobang@example.vn",
        commune=cao_bang.communes.get(),
        learner_group=LearnerGroup.CITIZEN,
    )


def on(host: str) -> dict:
    """Keyword arguments for Django's test client to send a request to `host`."""
    return {"HTTP_HOST": host}
