"""Test data for courses: page factories that place pages in the tree, and learning records.

Page factories take a `parent` and publish the page (pass `live=False` for a draft):

    catalog = CourseIndexPageFactory()
    course = CoursePageFactory(parent=catalog, sequential=True)
    modules = ModulePageFactory.create_batch(3, parent=course)
"""

import factory
from wagtail.models import Site

from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Topic,
)


class PageFactory(factory.django.DjangoModelFactory):
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


class ModulePageFactory(PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Bài {n}")
    slug = factory.Sequence(lambda n: f"bai-{n}")
    estimated_minutes = 10
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Nội dung bài học có dấu tiếng Việt.</p>"}]
    )


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
