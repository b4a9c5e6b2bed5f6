"""New pages get ASCII addresses from Vietnamese titles; saved pages keep theirs."""

import html
import json
import re

import pytest
from wagtail.coreutils import get_js_regex

from courses.factories import CoursePageFactory
from courses.models import CoursePage, ModulePage
from home.text import ascii_slug, ascii_slug_formatters
from tests.courses.test_admin import add_module_url, module_form

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậdđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Bài 1: Đăng ký dịch vụ công trực tuyến", "bai-1-dang-ky-dich-vu-cong-truc-tuyen"),
        ("ĐƯỜNG DÂY NÓNG — Hỗ trợ 24/7", "duong-day-nong-ho-tro-247"),
        ("Nhận diện tin nhắn giả mạo ngân hàng", "nhan-dien-tin-nhan-gia-mao-ngan-hang"),
        ("Ứng dụng VNeID mức 2", "ung-dung-vneid-muc-2"),
        # Typed with combining marks instead of precomposed letters.
        ("Tho\u0302ng tin", "thong-tin"),
    ],
)
def test_ascii_slug_removes_diacritics_and_writes_d_for_d_with_stroke(title, slug):
    assert ascii_slug(title) == slug


def test_admin_slug_formatters_turn_every_vietnamese_letter_into_its_ascii_slug():
    def format_like_the_browser(text):
        for pattern, replacement in ascii_slug_formatters():
            text = re.sub(pattern, replacement, text)
        return text

    letters = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
    decomposed = "Tho\u0302ng tin"

    assert format_like_the_browser(letters).lower() == ascii_slug(letters)
    assert format_like_the_browser(decomposed) == "Thong tin"


@pytest.mark.django_db
def test_page_created_in_code_without_a_slug_gets_one_in_ascii(catalog):
    course = catalog.add_child(
        instance=CoursePage(title="Dịch vụ công trực tuyến", summary="Tóm tắt")
    )

    assert course.slug == "dich-vu-cong-truc-tuyen"


@pytest.mark.django_db
def test_page_created_in_code_with_the_same_title_gets_a_numbered_slug(catalog):
    catalog.add_child(instance=CoursePage(title="Đường dây nóng", summary="Tóm tắt"))
    second = catalog.add_child(instance=CoursePage(title="Đường dây nóng", summary="Tóm tắt"))

    assert second.slug == "duong-day-nong-2"


@pytest.mark.django_db
def test_page_created_in_code_with_a_vietnamese_slug_gets_it_in_ascii(course):
    module = course.add_child(instance=ModulePage(title="Bài 1", slug="bài-1-đăng-ký"))

    assert module.slug == "bai-1-dang-ky"


@pytest.mark.django_db
def test_saved_page_keeps_its_vietnamese_slug(catalog):
    course = CoursePageFactory(parent=catalog, slug="placeholder")
    CoursePage.objects.filter(pk=course.pk).update(slug="dịch-vụ-công")
    course.refresh_from_db()

    course.title = "Dịch vụ công (cập nhật)"
    course.save()

    course.refresh_from_db()
    assert course.slug == "dịch-vụ-công"


@pytest.mark.django_db
def test_trainer_typing_a_vietnamese_slug_in_the_admin_gets_it_in_ascii(admin_client, course):
    response = admin_client.post(
        add_module_url(course), module_form("Bài 1: Dịch vụ công", "bài-1-dịch-vụ-công")
    )

    assert response.status_code == 302
    assert ModulePage.objects.child_of(course).get().slug == "bai-1-dich-vu-cong"


@pytest.mark.django_db
def test_admin_slug_field_writes_ascii_in_the_browser(admin_client, course):
    response = admin_client.get(add_module_url(course))

    field = re.search(r"<input[^>]*name=\"slug\"[^>]*>", response.content.decode()).group(0)
    formatters = re.search(r'data-w-slug-formatters-value="([^"]*)"', field).group(1)
    # An absent value is false: Wagtail's own transliteration, in ASCII.
    assert "data-w-slug-allow-unicode-value" not in field
    assert json.loads(html.unescape(formatters)) == [
        [get_js_regex(pattern), replacement] for pattern, replacement in ascii_slug_formatters()
    ]
