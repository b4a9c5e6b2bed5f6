"""Test data for courses: page factories that place pages in the tree, and learning records.

Page factories take a `parent` and publish the page (pass `live=False` for a draft):

    catalog = CourseIndexPageFactory()
    course = CoursePageFactory(parent=catalog, sequential=True)
    modules = ModulePageFactory.create_batch(3, parent=course)

Block factories build one item of a module body in StreamField's raw form, to pass as `body`:

    ModulePageFactory(parent=course, body=[HeadingBlockFactory(), ParagraphBlockFactory()])
    CalloutBlockFactory(kind="warning", text="<p>Không chia sẻ mã OTP.</p>")
"""

import factory

from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Topic,
)
from home.factories import PageFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    slug = factory.Sequence(lambda n: f"chu-de-{n}")


class CourseIndexPageFactory(PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Khóa học"
    slug = "khoa-hoc"


class CoursePageFactory(PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Khóa học kỹ năng số {n}")
    slug = factory.Sequence(lambda n: f"khoa-hoc-{n}")
    summary = "Những kỹ năng số cơ bản cho cán bộ và người dân."
    duration_minutes = 60


class BlockFactory(factory.DictFactory):
    """One stream item, `{"type": ..., "value": ...}`; subclasses set `type` and `value`."""

    class Meta:
        abstract = True


class HeadingBlockFactory(BlockFactory):
    class Params:
        text = "Những điều cần biết"

    type = "heading"
    value = factory.SelfAttribute("text")


class ParagraphBlockFactory(BlockFactory):
    class Params:
        text = "<p>Nội dung bài học có dấu tiếng Việt.</p>"

    type = "paragraph"
    value = factory.SelfAttribute("text")


class CalloutBlockFactory(BlockFactory):
    class Params:
        kind = "tip"
        title = "Mẹo"
        text = "<p>Luôn cập nhật ứng dụng từ kho chính thức.</p>"

    type = "callout"
    value = factory.LazyAttribute(lambda o: {"kind": o.kind, "title": o.title, "text": o.text})


class ModulePageFactory(PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Bài {n}")
    slug = factory.Sequence(lambda n: f"bai-{n}")
    estimated_minutes = 10
    body = factory.LazyFunction(lambda: [ParagraphBlockFactory()])


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    learner = None
    course = None
    commune = factory.LazyAttribute(lambda o: o.learner.commune)
    learner_group = factory.LazyAttribute(lambda o: o.learner.learner_group)


class ModuleProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleProgress

    learner = None
    module = None


class CourseCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    learner = None
    course = None
