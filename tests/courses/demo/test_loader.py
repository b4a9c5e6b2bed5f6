"""The demo content files load into the shape seed_demo builds from, and mistakes are named."""

from io import StringIO

import pytest
from django.core.management import call_command

from courses.demo import loader
from courses.demo.loader import DemoContentError, demo_course_load, demo_courses_load
from courses.models import CoursePage

COURSE = """\
title = "Khóa học thử"
slug = "khoa-hoc-thu"
summary = "Tóm tắt."
topic = "Kỹ năng số"
level = "beginner"
target_groups = ["citizen"]
duration_minutes = 10
outcomes = ["Biết dùng điện thoại."]
sequential = false
certificate = true

[[modules]]
title = "Bài 1"
slug = "bai-1"
minutes = 10

[[modules.body]]
type = "heading"
text = "Mở đầu"

[[modules.body]]
type = "callout"
kind = "tip"
title = "Mẹo"
text = "<p>Đọc kỹ.</p>"

[quiz]
title = "Bài kiểm tra thử"
instructions = "Trả lời các câu hỏi."
pass_mark = 70

[[quiz.questions]]
type = "single"
text = "Câu một?"
choices = [{ text = "Đúng", correct = true }, { text = "Sai", correct = false }]
"""


def write(directory, text, name="01-khoa-hoc-thu.toml"):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_demo_courses_load_in_catalog_order():
    courses = demo_courses_load()

    assert [course["slug"] for course in courses] == [
        "ky-nang-so-co-ban-tren-dien-thoai",
        "an-toan-thong-tin-phong-tranh-lua-dao",
        "dich-vu-cong-truc-tuyen-va-vneid",
    ]
    assert all(3 <= len(course["modules"]) <= 6 for course in courses)
    assert all(len(course["quiz"]["questions"]) >= 8 for course in courses)


def test_a_course_file_loads_as_blocks_and_choices_with_defaults_filled_in(tmp_path):
    course = demo_course_load(path=write(tmp_path, COURSE))

    assert course["modules"][0]["body"] == [
        ("heading", "Mở đầu"),
        ("callout", {"kind": "tip", "title": "Mẹo", "text": "<p>Đọc kỹ.</p>"}),
    ]
    assert course["quiz"]["questions"] == [
        {
            "type": "single",
            "text": "Câu một?",
            "points": 1,
            "explanation": "",
            "choices": [("Đúng", True), ("Sai", False)],
        }
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('level = "beginner"', 'level = "expert"', "level: 'expert' is not one of"),
        ('["citizen"]', '["farmer"]', "target_groups[1]: 'farmer' is not one of"),
        (
            "\nminutes = 10",
            '\nminutes = "10"',
            "modules[1].minutes: expected an integer, found a string",
        ),
        ("sequential = false", "sequential = 0", "sequential: expected true or false"),
        ('slug = "bai-1"', 'slug = "Bài 1"', "modules[1].slug: 'Bài 1' is not a slug"),
        ('type = "heading"', 'type = "vidoe"', "modules[1].body[1]: unknown block type 'vidoe'"),
        ('kind = "tip"', 'kind = "hint"', "modules[1].body[2].kind: 'hint' is not one of"),
        ('text = "Mở đầu"', 'text = ""', "modules[1].body[1].text: must not be empty"),
        ('topic = "Kỹ năng số"\n', "", "course: missing key 'topic'"),
        ("certificate = true", "certificate = true\ncolour = 1", "course: unknown key 'colour'"),
        ("pass_mark = 70", "pass_mark = 170", "quiz.pass_mark: 170 is not a percentage"),
        ('type = "single"', 'type = "essay"', "quiz.questions[1]: unknown question type 'essay'"),
        ("correct = false", "correct = true", "quiz.questions[1].choices: a single choice"),
        ('"Sai", correct', '"Sai", right', "quiz.questions[1].choices[2]: unknown key 'right'"),
    ],
)
def test_a_mistake_in_a_course_file_is_named_with_the_file_and_the_place(
    tmp_path, old, new, message
):
    assert old in COURSE
    path = write(tmp_path, COURSE.replace(old, new, 1))

    with pytest.raises(DemoContentError) as error:
        demo_course_load(path=path)

    assert str(error.value).startswith("01-khoa-hoc-thu.toml: ")
    assert message in str(error.value)


def test_a_file_that_is_not_toml_is_named_with_its_line(tmp_path):
    path = write(tmp_path, COURSE.replace("\nminutes = 10", "\nminutes = = 10"))

    with pytest.raises(DemoContentError, match=r"01-khoa-hoc-thu.toml: not valid TOML: .*line 15"):
        demo_course_load(path=path)


def test_two_modules_with_one_slug_are_refused(tmp_path):
    second = '\n[[modules]]\ntitle = "Bài 2"\nslug = "bai-1"\nminutes = 5\n'
    second += '\n[[modules.body]]\ntype = "paragraph"\ntext = "<p>Hai.</p>"\n'
    text = COURSE.replace("\n[quiz]", second + "\n[quiz]")

    with pytest.raises(DemoContentError, match="modules: module slug 'bai-1' appears twice"):
        demo_course_load(path=write(tmp_path, text))


def test_two_course_files_with_one_slug_are_refused(tmp_path):
    write(tmp_path, COURSE)
    write(tmp_path, COURSE.replace("Bài kiểm tra thử", "Bài kiểm tra khác"), name="02-x.toml")

    with pytest.raises(DemoContentError, match="course slug 'khoa-hoc-thu' appears twice"):
        demo_courses_load(directory=tmp_path)


def test_an_empty_content_folder_is_refused(tmp_path):
    with pytest.raises(DemoContentError, match=r"no demo course files \(\*\.toml\)"):
        demo_courses_load(directory=tmp_path)


@pytest.mark.django_db
def test_seed_demo_stops_with_the_message_before_writing_a_course(tmp_path, monkeypatch):
    write(tmp_path, COURSE.replace('type = "heading"', 'type = "vidoe"'))
    monkeypatch.setattr(loader, "CONTENT_DIR", tmp_path)

    with pytest.raises(DemoContentError, match="unknown block type 'vidoe'"):
        call_command("seed_demo", stdout=StringIO())

    assert not CoursePage.objects.exists()
