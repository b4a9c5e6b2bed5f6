"""The block picker of a module body: every block says what it is for, in Vietnamese, and shows a
preview of what learners will see."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import ModulePage
from home.factories import UserFactory
from tests.home.test_translations import PageText

MODULE_BLOCKS = ModulePage._meta.get_field("body").stream_block.child_blocks


@pytest.mark.parametrize("name", list(MODULE_BLOCKS))
def test_every_module_block_has_a_vietnamese_description(name):
    block = MODULE_BLOCKS[name]

    with translation.override("en"):
        english = str(block.get_description())
    with translation.override("vi"):
        vietnamese = str(block.get_description())

    assert english
    assert vietnamese != english


@pytest.mark.parametrize("name", list(MODULE_BLOCKS))
def test_every_module_block_has_a_preview_value_and_is_previewable(name):
    block = MODULE_BLOCKS[name]

    assert hasattr(block.meta, "preview_value")
    assert block.is_previewable


# What each block's preview shows; a new block needs a line here.
PREVIEW_TEXT = {
    "heading": "Cách nhận biết tin nhắn giả mạo ngân hàng",
    "paragraph": "Không bao giờ chia sẻ mã OTP ngân hàng gửi cho bạn",
    "image": "Ứng dụng VNeID trên điện thoại",
    "video": "Bản ghi lời thoại Mở ứng dụng và chọn “Đăng nhập”.",
    "embed": "Đăng ký tài khoản trên Cổng dịch vụ công quốc gia",
    "document": "Hướng dẫn từng bước (PDF)",
    "callout": "Hãy cẩn thận Ngân hàng không bao giờ hỏi mật khẩu của bạn qua điện thoại.",
    "quiz": "Hãy đạt bài kiểm tra này để hoàn thành học phần. 10 câu hỏi Điểm đạt 80%",
    "h5p": "Đạt 70% ở hoạt động này để hoàn thành học phần.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(MODULE_BLOCKS))
def test_block_preview_shows_a_vietnamese_sample_with_the_site_styles(client, name):
    client.force_login(UserFactory(superuser=True, email="admin@example.vn"))

    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": MODULE_BLOCKS[name].definition_prefix}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "elearn/css/site.css" in html
    assert PREVIEW_TEXT[name] in PageText(html.split("<main>", 1)[1]).text
