"""Test data for the site core: places, learners and their commune history, news pages.

Names carry Vietnamese diacritics on purpose, so that every test exercises the text the site
really handles. Codes follow the official formats (two digits for a province, five for a
commune) and count down from 99 and 99999, away from the low codes tests pick by hand; tests
that need the real list call `places_load`.
"""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory, Password
from wagtail.models import Site

from home.models import (
    Commune,
    CommuneChange,
    LearnerGroup,
    NewsIndexPage,
    NewsPage,
    Province,
    User,
)

DEFAULT_PASSWORD = "Hoc-vu-so-2025!"  # noqa: S105 - test data only

PROVINCE_NAMES = ["Cao Bằng", "Sơn La", "Thanh Hóa", "Lâm Đồng", "Phú Thọ", "Nghệ An", "Cà Mau"]
COMMUNE_NAMES = [
    "Xã Lương Sơn",
    "Phường Thục Phán",
    "Xã Lóng Sập",
    "Phường Bỉm Sơn",
    "Xã Đông Khê",
    "Đặc khu Cồn Cỏ",
]
FULL_NAMES = [
    "Nguyễn Thị Hồng Nhung",
    "Trần Văn Đức",
    "Lò Thị Bích",
    "Hoàng Văn Cường",
    "Phạm Thị Thu Hà",
    "Đặng Quốc Việt",
]


def _codename(name: str) -> str:
    return slugify(name.replace("Đ", "D").replace("đ", "d")).replace("-", "_")


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"{99 - n % 50:02d}")
    name = factory.Iterator(PROVINCE_NAMES)
    kind = Province.Kind.PROVINCE
    codename = factory.LazyAttribute(lambda o: _codename(o.name))

    class Params:
        city = factory.Trait(
            kind=Province.Kind.CITY,
            name=factory.Iterator(["Thành phố Hà Nội", "Thành phố Đà Nẵng", "Thành phố Huế"]),
        )


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    code = factory.Sequence(lambda n: f"{99_999 - n % 50_000:05d}")
    name = factory.Iterator(COMMUNE_NAMES)
    kind = factory.LazyAttribute(
        lambda o: (
            Commune.Kind.WARD
            if o.name.startswith("Phường")
            else Commune.Kind.SPECIAL_ZONE
            if o.name.startswith("Đặc khu")
            else Commune.Kind.COMMUNE
        )
    )
    codename = factory.LazyAttribute(lambda o: _codename(o.name))
    province = factory.SubFactory(ProvinceFactory)


class UserFactory(DjangoModelFactory):
    """A learner with a commune. No history row: use `CommuneChangeFactory` or `home.services`."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"hocvien{n}@example.vn")
    password = Password(DEFAULT_PASSWORD)
    full_name = factory.Iterator(FULL_NAMES)
    phone = ""
    commune = factory.SubFactory(CommuneFactory)
    learner_group = LearnerGroup.CITIZEN
    work_unit = ""

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True, learner_group="")


class CommuneChangeFactory(DjangoModelFactory):
    """A recorded move; by default the one sign-up records (no commune → the user's commune)."""

    class Meta:
        model = CommuneChange

    user = factory.SubFactory(UserFactory)
    old_commune = None
    new_commune = factory.SelfAttribute("user.commune")


class PageFactory(DjangoModelFactory):
    """Adds the page under `parent` (default: the default site's root page) and publishes it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, **kwargs):
        if parent is None:
            parent = Site.objects.get(is_default_site=True).root_page
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        return page


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Thông báo số {n}: lịch học tháng mới")
    intro = "Các xã, phường hoàn thành khóa học trước cuối tháng."
