"""A module body: the blocks every learner sees alike come from the cache, the activities are
rendered for each learner, and a published change or a preview is never hidden by the cache."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model

from courses.factories import ModulePageFactory, ParagraphBlockFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from quizzes.factories import QuizBlockFactory, QuizFactory

pytestmark = pytest.mark.django_db

SHARED = "Đọc kỹ trước khi làm bài kiểm tra."


def start_url(module, quiz):
    return reverse("quiz_start", args=[module.pk, quiz.pk])


def test_shared_blocks_come_from_the_cache_and_the_quiz_is_each_learners(
    learner_client, enrolled, module, quiz, course
):
    learner_client.get(module.url)
    learner_client.post(start_url(module, quiz))
    other = UserFactory(email="khac@example.vn")
    enrolment_create(learner=other, course=course)
    other_client = Client()
    other_client.force_login(other)
    other_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with CaptureQueriesContext(connection) as queries:
        mine = learner_client.get(module.url).content.decode()
    theirs = other_client.get(module.url).content.decode()

    assert SHARED in mine and SHARED in theirs
    assert f'action="{start_url(module, quiz)}"' in theirs
    assert f'action="{start_url(module, quiz)}"' not in mine  # an attempt in progress instead
    assert not [q for q in queries.captured_queries if "wagtailcore_page" in q["sql"]]


def test_a_published_change_of_the_body_is_shown_at_once(learner_client, enrolled, module, quiz):
    learner_client.get(module.url)
    module.body = [
        ParagraphBlockFactory(text="<p>Nội dung mới đã xuất bản.</p>"),
        QuizBlockFactory(quiz=quiz),
    ]
    module.save_revision().publish()

    html = learner_client.get(module.url).content.decode()

    assert "Nội dung mới đã xuất bản." in html
    assert SHARED not in html


def test_the_preview_shows_the_draft_not_the_cached_body(learner_client, enrolled, module):
    learner_client.get(module.url)
    module.body = [ParagraphBlockFactory(text="<p>Bản nháp chưa xuất bản.</p>")]

    html = module.make_preview_request().content.decode()

    assert "Bản nháp chưa xuất bản." in html
    assert SHARED not in html


def test_each_language_has_its_own_cached_body(learner_client, enrolled, module, quiz):
    video = get_document_model().objects.create(
        title="Video", file=ContentFile(b"not really a video", name="bai-hoc.mp4")
    )
    module.body = [
        {"type": "video", "value": {"video": video.pk, "transcript": "<p>Xin chào.</p>"}},
        QuizBlockFactory(quiz=quiz),
    ]
    module.save_revision().publish()
    english = learner_client.get(module.url).content.decode()
    learner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    vietnamese = learner_client.get(module.url).content.decode()

    assert "<summary>Transcript</summary>" in english
    assert "<summary>Bản ghi lời thoại</summary>" in vietnamese


def test_a_quiz_block_from_its_factory_is_a_required_part_of_the_module(course):
    quiz = QuizFactory()
    optional = QuizFactory()

    module = ModulePageFactory(
        parent=course,
        body=[QuizBlockFactory(quiz=quiz), QuizBlockFactory(quiz=optional, required=False)],
    )

    assert module.completion_parts() == [f"quiz:{quiz.pk}"]
