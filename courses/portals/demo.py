"""Demo portals: Hà Nội and Cao Bằng beside the national site, on host names that work
locally (`*.localhost` resolves to loopback in Chromium and Firefox) and on the port
`make run` serves (PORT, default 8000).

Called by `manage.py seed_demo` after the national catalog exists. Idempotent: portals are
made by `services.portal_create`, which repairs rather than duplicates; the Hà Nội course is
looked up by slug. Hà Nội features a national course and has a course of its own (not shared,
so the other portals do not list it); the Cao Bằng portal shows the national library only.
Each portal has a news index with one announcement, shown on its home page.
"""

import os

from django.db import transaction

from courses.models import CourseIndexPage, CoursePage, FeaturedCourse, ModulePage
from courses.portals.selectors import library
from courses.portals.services import portal_create
from home.models import NewsIndexPage, NewsPage, SiteBranding

DEMO_PORTALS = [
    # province code, host name, display name, brand colour
    ("01", "ha-noi.localhost", "Bình dân học vụ số Hà Nội", "#0b5cad"),
    ("04", "cao-bang.localhost", "Bình dân học vụ số Cao Bằng", "#1e7b34"),
]
HA_NOI = "01"
HA_NOI_COURSE_SLUG = "chinh-quyen-so-ha-noi"


def _province_course(catalog: CourseIndexPage) -> CoursePage:
    course = CoursePage.objects.filter(slug=HA_NOI_COURSE_SLUG).first()
    if course is not None:
        return course
    course = catalog.add_child(
        instance=CoursePage(
            title="Chính quyền số Hà Nội: ứng dụng iHanoi",
            slug=HA_NOI_COURSE_SLUG,
            summary="Phản ánh hiện trường và tra cứu thủ tục trên ứng dụng iHanoi của thành phố.",
            duration_minutes=20,
        )
    )
    course.save_revision().publish()
    module = course.add_child(
        instance=ModulePage(
            title="Cài đặt và đăng nhập iHanoi",
            slug="cai-dat-ihanoi",
            estimated_minutes=10,
            body=[
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Tải ứng dụng iHanoi từ kho ứng dụng chính thức, đăng nhập bằng "
                        "tài khoản định danh điện tử VNeID.</p>"
                    ),
                }
            ],
        )
    )
    module.save_revision().publish()
    return course


@transaction.atomic
def seed(stdout) -> None:
    port = int(os.environ.get("PORT", "8000"))
    for code, hostname, name, colour in DEMO_PORTALS:
        result = portal_create(province_code=code, hostname=hostname, port=port, display_name=name)
        site = result.portal.site
        if result.created:
            branding = SiteBranding.for_site(site)
            branding.brand_colour = colour
            branding.save()
        state = "created" if result.created else "unchanged"
        stdout.write(f"  portal   {site.root_url}/  {name}  ({state})")
        _news(home=site.root_page, name=name)
        if code == HA_NOI:
            catalog = CourseIndexPage.objects.child_of(site.root_page).first()
            _province_course(catalog)
            _feature_first_national_course(catalog)


def _feature_first_national_course(catalog: CourseIndexPage) -> None:
    ids = library().course_ids_by_slug.values()
    course = CoursePage.objects.filter(pk__in=list(ids), shared_nationally=False).order_by("path")
    first = course.first()
    if first is not None and not FeaturedCourse.objects.filter(catalog=catalog).exists():
        FeaturedCourse.objects.create(catalog=catalog, course=first, sort_order=0)


def _news(*, home, name: str) -> None:
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
        index.save_revision().publish()
    if NewsPage.objects.child_of(index).exists():
        return
    news = index.add_child(
        instance=NewsPage(
            title="Khai giảng lớp kỹ năng số cho cán bộ xã, phường",
            slug="khai-giang-lop-ky-nang-so",
            intro=f"{name} mở lớp học trực tuyến miễn phí về kỹ năng số cơ bản.",
            body=[
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Cán bộ, công chức và người dân đăng ký tài khoản trên cổng, chọn "
                        "khóa học và học theo tiến độ của mình. Hoàn thành khóa học, học viên "
                        "nhận giấy chứng nhận có mã kiểm tra.</p>"
                    ),
                }
            ],
        )
    )
    news.save_revision().publish()
