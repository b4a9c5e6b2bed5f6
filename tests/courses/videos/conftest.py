"""A course whose module holds a video that must be watched (90%), a learner enrolled in it."""

import pytest
from django.conf import settings

from courses.factories import ModulePageFactory, ParagraphBlockFactory
from courses.services import enrolment_create
from courses.videos.factories import VideoBlockFactory, VideoDocumentFactory


@pytest.fixture
def video(db):
    return VideoDocumentFactory()


@pytest.fixture
def light(db):
    return VideoDocumentFactory(title="Bản nhẹ")


@pytest.fixture
def module(course, video, light):
    return ModulePageFactory(
        parent=course,
        title="Xem video hướng dẫn",
        body=[
            ParagraphBlockFactory(text="<p>Xem hết video trước khi làm tiếp.</p>"),
            VideoBlockFactory(video=video, light_video=light, required_share=90),
        ],
    )


@pytest.fixture
def part(video):
    return f"video:{video.pk}"


@pytest.fixture
def enrolled(learner, course, module):
    enrolment_create(learner=learner, course=course)
    return learner


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
