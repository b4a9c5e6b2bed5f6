"""Test data for quizzes: a question bank, quizzes and attempts.

    category = QuestionCategoryFactory()
    question = QuestionFactory(category=category)                  # single choice, 4 choices
    QuestionFactory(multiple=True, partial_credit=True)
    QuestionFactory(true_false=True), QuestionFactory(short_text=True)
    QuestionFactory(ordering=True)
    quiz = QuizFactory(questions=[question], draws=[(category, 3)])
    QuizBlockFactory(quiz=quiz, required=False)                   # a module body item

Choices are given as `choices=[("text", True), ("other", False)]`; ordering items are given in
their right order.
"""

import factory
from factory.django import DjangoModelFactory

from quizzes.models import (
    Attempt,
    Choice,
    Question,
    QuestionCategory,
    QuestionKind,
    Quiz,
    QuizDraw,
    QuizQuestion,
)

SINGLE_CHOICES = [
    ("Không chia sẻ mã OTP với ai", True),
    ("Đọc mã OTP cho người xưng là công an", False),
    ("Gửi mã OTP qua Zalo cho nhân viên ngân hàng", False),
    ("Đăng mã OTP lên mạng xã hội", False),
]
MULTIPLE_CHOICES = [
    ("Thúc giục làm ngay", True),
    ("Đường link lạ", True),
    ("Tổng đài chính thức đã biết", False),
    ("Ứng dụng tải từ kho chính thức", False),
]
ORDERING_ITEMS = [
    ("Mở Cài đặt", False),
    ("Bật Wi-Fi", False),
    ("Chọn tên mạng", False),
    ("Nhập mật khẩu", False),
]


class QuestionCategoryFactory(DjangoModelFactory):
    class Meta:
        model = QuestionCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"An toàn thông tin {n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    category = factory.SubFactory(QuestionCategoryFactory)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Câu hỏi số {n}: việc nào giúp bảo vệ tài khoản?")
    points = 1
    explanation = "Không ai được hỏi mã OTP của bạn."

    class Params:
        multiple = factory.Trait(kind=QuestionKind.MULTIPLE)
        true_false = factory.Trait(kind=QuestionKind.TRUE_FALSE, is_true=False)
        short_text = factory.Trait(
            kind=QuestionKind.SHORT_TEXT, accepted_answers="CH Play\nGoogle Play"
        )
        ordering = factory.Trait(kind=QuestionKind.ORDERING)

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = {
                QuestionKind.SINGLE: SINGLE_CHOICES,
                QuestionKind.MULTIPLE: MULTIPLE_CHOICES,
                QuestionKind.ORDERING: ORDERING_ITEMS,
            }.get(self.kind, [])
        Choice.objects.bulk_create(
            Choice(question=self, text=text, is_correct=correct, sort_order=order)
            for order, (text, correct) in enumerate(extracted)
        )


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bài kiểm tra an toàn thông tin {n}")
    instructions = "Trả lời tất cả câu hỏi, cần đạt 70% để qua."
    pass_mark = 70
    shuffle_questions = False
    shuffle_choices = False

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted:
            QuizQuestion.objects.bulk_create(
                QuizQuestion(quiz=self, question=question, sort_order=order)
                for order, question in enumerate(extracted)
            )

    @factory.post_generation
    def draws(self, create, extracted, **kwargs):
        if create and extracted:
            QuizDraw.objects.bulk_create(
                QuizDraw(quiz=self, category=category, count=count, sort_order=order)
                for order, (category, count) in enumerate(extracted)
            )


class QuizBlockFactory(factory.DictFactory):
    """A quiz in a module body, `{"type": "quiz", "value": ...}` (StreamField's raw form); the
    quiz is made unless given."""

    class Params:
        quiz = factory.SubFactory(QuizFactory)
        required = True

    type = "quiz"
    value = factory.LazyAttribute(lambda o: {"quiz": o.quiz.pk, "required": o.required})


class AttemptFactory(DjangoModelFactory):
    """A bare attempt row; tests of the flow start attempts through `attempt_start`."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    learner = None
    module = None
    number = factory.Sequence(lambda n: n + 1)
