"""The block factories build module bodies that the body's StreamBlock accepts and renders."""

import pytest

from courses.factories import (
    CalloutBlockFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    HeadingBlockFactory,
    ModulePageFactory,
    ParagraphBlockFactory,
)
from courses.models import ModulePage

pytestmark = pytest.mark.django_db

BODY = ModulePage._meta.get_field("body").stream_block


@pytest.mark.parametrize(
    "factory", [HeadingBlockFactory, ParagraphBlockFactory, CalloutBlockFactory]
)
def test_each_block_factory_makes_an_item_the_module_body_accepts(factory):
    item = factory()

    value = BODY.clean(BODY.to_python([item]))

    assert [child.block_type for child in value] == [item["type"]]


def test_a_module_built_from_block_factories_shows_their_vietnamese_text(client):
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = ModulePageFactory(
        parent=course,
        body=[
            HeadingBlockFactory(text="Mật khẩu mạnh"),
            ParagraphBlockFactory(text="<p>Dùng mật khẩu dài, khó đoán.</p>"),
            CalloutBlockFactory(kind="warning", title="Cảnh giác", text="<p>Không đọc mã OTP.</p>"),
        ],
    )

    html = module.body.render_as_block()

    assert "Mật khẩu mạnh" in html
    assert "Dùng mật khẩu dài, khó đoán." in html
    assert "Cảnh giác" in html and "Không đọc mã OTP." in html
    assert module.completion_parts() == []
