import factory
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from courses.factories import BlockFactory
from courses.videos.models import VideoWatch


class VideoDocumentFactory(factory.django.DjangoModelFactory):
    """A video in the documents (a few bytes: the tests do not play it)."""

    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Video bài học {n}")
    file = factory.Sequence(lambda n: ContentFile(b"\x1aE\xdf\xa3 webm", name=f"bai-hoc-{n}.webm"))


class VideoBlockFactory(BlockFactory):
    """A video block; `video` and `light_video` are documents, `required_share` a percent of
    `length` seconds."""

    class Params:
        video = factory.SubFactory(VideoDocumentFactory)
        light_video = None
        required_share = 90
        length = 100
        transcript = "<p>Mở ứng dụng và chọn “Đăng nhập”.</p>"

    type = "video"
    value = factory.LazyAttribute(
        lambda o: {
            "video": o.video.pk,
            "light_video": o.light_video.pk if o.light_video else None,
            "required_share": o.required_share,
            "length": o.length,
            "transcript": o.transcript,
        }
    )


class VideoWatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VideoWatch

    learner = None
    module = None
    part = "video:1"
    duration = 100
