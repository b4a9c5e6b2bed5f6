"""Importing questions from CSV and XLSX: the dry run's report, then saving (or not)."""

import csv
import io
import unicodedata

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from home.factories import UserFactory
from quizzes.imports import (
    COLUMNS,
    example_csv,
    example_xlsx,
    read_question_file,
)
from quizzes.models import Choice, Question, QuestionCategory
from quizzes.services import QuizError, questions_import
from tests.home.spreadsheets.builders import windows_1258

pytestmark = pytest.mark.usefixtures("english")

GOOD_ROWS = [
    [
        "An toàn",
        "single",
        "Mã OTP nên chia sẻ với ai?",
        "1",
        "Ngân hàng | Công an | Không ai",
        "3",
        "",
        "",
        "Không ai.",
    ],
    [
        "An toàn",
        "multiple",
        "Dấu hiệu lừa đảo?",
        "2",
        "Thúc giục | Link lạ | Tổng đài",
        "1,2",
        "yes",
        "",
        "",
    ],
    ["An toàn", "true_false", "Nên dùng chung một mật khẩu.", "", "", "sai", "", "", ""],
    ["Dịch vụ công", "short_text", "Ứng dụng định danh?", "1", "", "VNeID | VN eID", "", "no", ""],
    [
        "Dịch vụ công",
        "ordering",
        "Sắp xếp các bước.",
        "2",
        "Đăng nhập | Chọn thủ tục | Nộp",
        "",
        "",
        "",
        "",
    ],
]


def csv_bytes(rows, header=COLUMNS, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=COLUMNS, formula_at=None):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    if formula_at:
        sheet.write_formula(*formula_at, '=HYPERLINK("http://lừa-đảo.example","Bấm vào đây")')
    workbook.close()
    return buffer.getvalue()


def problems_of(report):
    return [(p.row, p.column, p.message) for p in report.problems]


# --- reading and checking ---------------------------------------------------------------------


def test_a_good_csv_gives_one_question_per_row_of_every_type():
    report = read_question_file(name="cau-hoi.csv", data=csv_bytes(GOOD_ROWS))

    assert report.file_errors == ()
    assert report.problems == ()
    assert [q.kind for q in report.questions] == [
        "single",
        "multiple",
        "true_false",
        "short_text",
        "ordering",
    ]
    single, multiple, true_false, short, ordering = report.questions
    assert single.choices == (("Ngân hàng", False), ("Công an", False), ("Không ai", True))
    assert multiple.partial_credit and multiple.points == 2
    assert true_false.is_true is False and true_false.points == 1
    assert short.accepted == ("VNeID", "VN eID") and not short.lenient
    assert [text for text, _ in ordering.choices] == ["Đăng nhập", "Chọn thủ tục", "Nộp"]


@pytest.mark.parametrize("builder", [example_csv, example_xlsx], ids=["csv", "xlsx"])
def test_the_downloadable_example_files_import_cleanly(builder):
    name = f"example.{'csv' if builder is example_csv else 'xlsx'}"

    report = read_question_file(name=name, data=builder())

    assert not report.has_errors
    assert len(report.questions) == 5


def test_an_xlsx_file_is_read_like_a_csv_one():
    report = read_question_file(name="cau-hoi.xlsx", data=xlsx_bytes(GOOD_ROWS))

    assert not report.has_errors
    assert len(report.questions) == 5


def test_semicolons_and_vietnamese_column_names_are_understood():
    header = [
        "Danh mục",
        "Loại",
        "Câu hỏi",
        "Điểm",
        "Lựa chọn",
        "Đáp án",
        "Điểm từng phần",
        "Bỏ qua dấu",
        "Giải thích",
    ]

    report = read_question_file(
        name="cau-hoi.csv", data=csv_bytes(GOOD_ROWS, header=header, delimiter=";")
    )

    assert not report.has_errors
    assert len(report.questions) == 5


def test_each_bad_row_is_reported_with_its_row_number_column_and_reason():
    rows = [
        GOOD_ROWS[0],
        ["An toàn", "essay", "Viết một đoạn văn.", "1", "", "", "", "", ""],
        ["An toàn", "single", "Chọn một.", "1", "A | B", "7", "", "", ""],
        ["An toàn", "single", "Chọn một.", "1", "A | B", "1,2", "", "", ""],
        ["An toàn", "true_false", "=1+1", "1", "", "true", "", "", ""],
        ["An toàn", "multiple", "Chọn nhiều.", "0", "A | B", "1", "", "", ""],
        ["", "short_text", "Tên ứng dụng?", "1", "", "", "", "", ""],
    ]

    report = read_question_file(name="cau-hoi.csv", data=csv_bytes(rows))

    assert problems_of(report) == [
        (
            3,
            "type",
            "Unknown type “essay”; use single, multiple, true_false, short_text or ordering.",
        ),
        (4, "correct", "Choice numbers go from 1 to 2 here."),
        (5, "choices", "A single choice question needs exactly one right choice."),
        (
            6,
            "question",
            "Starts with “=”, which spreadsheets run as a formula. "
            "Remove the sign or start the text differently.",
        ),
        (7, "points", "Write a whole number from 1 to 100, not “0”."),
        (8, "category", "No category: fill it in or choose one for the file."),
        (8, "correct", "Give at least one accepted answer."),
    ]
    assert [q.row for q in report.questions] == [2]
    assert report.row_count == 7


@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_cells_that_spreadsheets_would_run_as_formulas_are_refused(sign):
    row = ["An toàn", "single", f"{sign}cmd|' /C calc'!A0", "1", "A | B", "1", "", "", ""]

    report = read_question_file(name="x.csv", data=csv_bytes([row]))

    assert report.problems[0].column == "question"
    assert "formula" in report.problems[0].message


def test_a_formula_cell_in_an_xlsx_file_is_refused():
    report = read_question_file(
        name="x.xlsx", data=xlsx_bytes([GOOD_ROWS[0], GOOD_ROWS[2]], formula_at=(2, 2))
    )

    assert problems_of(report)[0][:2] == (3, "question")
    assert len(report.questions) == 1


def test_html_in_a_question_is_kept_as_plain_text():
    row = [
        "An toàn",
        "true_false",
        "<b>Đúng</b> hay <script>alert(1)</script>?",
        "1",
        "",
        "true",
        "",
        "",
        "",
    ]

    report = read_question_file(name="x.csv", data=csv_bytes([row]))

    assert report.questions[0].text == "<b>Đúng</b> hay <script>alert(1)</script>?"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.csv", b"", "The file is empty."),
        ("x.csv", b"type,question\nsingle,\xc3\xa2u\xe2\n", "not UTF-8 text"),
        ("x.csv", b"type,question\n", "a header but no question rows"),
        (
            "x.csv",
            "loại câu,nội dung câu\nsingle,Hỏi\n".encode(),
            "Unknown column(s): loại câu, nội dung câu",
        ),
        ("x.csv", "category,points\nAn toàn,1\n".encode(), "Missing column(s): type, question"),
        ("x.csv", "type,question,type\nsingle,Hỏi,single\n".encode(), "appears twice"),
        ("x.csv", b"type,question\nsingle,\x00\x01\x02", "binary data"),
        ("x.csv", 'type,question\nsingle,"Hỏi\n'.encode(), "cannot be read"),
        ("x.xlsx", b"PK\x03\x04 not really a zip", "not a readable Excel (.xlsx) file"),
        ("x.xlsx", b"", "The file is empty."),
        ("x.xls", b"\xd0\xcf\x11\xe0", "Upload a .csv or .xlsx file."),
        ("x.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
    ],
)
def test_an_unreadable_file_gets_a_clear_reason_instead_of_an_error(name, data, message):
    report = read_question_file(name=name, data=data)

    assert report.file_errors
    assert message in " ".join(report.file_errors)
    assert report.questions == ()


def test_a_windows_1258_file_is_read_and_the_encoding_named():
    data = windows_1258(csv_bytes([GOOD_ROWS[2]], encoding="utf-8").decode())

    report = read_question_file(name="x.csv", data=data)

    assert report.notices == ("The file was read as Windows-1258 text.",)
    assert report.questions[0].text == GOOD_ROWS[2][2]


def test_a_file_with_ten_thousand_rows_is_refused_as_too_long():
    rows = [GOOD_ROWS[2]] * 10_001

    report = read_question_file(name="x.csv", data=csv_bytes(rows))

    assert report.file_errors == (
        "The file has more than 2,000 question rows; split it into smaller files.",
    )


def test_a_file_larger_than_the_limit_is_refused():
    report = read_question_file(name="x.csv", data=b"a" * (5 * 1024 * 1024 + 1))

    assert "larger than 5 MB" in report.file_errors[0]


def test_rows_without_a_category_take_the_one_chosen_for_the_file():
    row = ["", "true_false", "Câu hỏi.", "1", "", "true", "", "", ""]

    report = read_question_file(name="x.csv", data=csv_bytes([row]), default_category="Chung")

    assert report.questions[0].category == "Chung"


# --- saving -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    data = csv_bytes(GOOD_ROWS)
    questions_import(report=read_question_file(name="x.csv", data=data))
    before = (Question.objects.count(), Choice.objects.count())

    again = questions_import(report=read_question_file(name="x.xlsx", data=xlsx_bytes(GOOD_ROWS)))

    assert again == []
    assert (Question.objects.count(), Choice.objects.count()) == before == (5, 9)


@pytest.mark.django_db
def test_a_question_is_the_same_whatever_its_case_spaces_or_unicode_form():
    first = [*GOOD_ROWS[2]]
    second = [*GOOD_ROWS[2]]
    second[2] = unicodedata.normalize("NFD", "  " + first[2].upper() + " ")

    saved = questions_import(
        report=read_question_file(name="x.csv", data=csv_bytes([first, second]))
    )

    assert len(saved) == 1


@pytest.mark.django_db
def test_a_clean_file_saves_its_questions_and_new_categories():
    report = read_question_file(name="x.csv", data=csv_bytes(GOOD_ROWS))

    saved = questions_import(report=report)

    assert len(saved) == 5
    assert set(QuestionCategory.objects.values_list("name", flat=True)) == {
        "An toàn",
        "Dịch vụ công",
    }
    single = Question.objects.get(kind="single")
    assert list(single.choices.order_by("sort_order").values_list("text", "is_correct")) == [
        ("Ngân hàng", False),
        ("Công an", False),
        ("Không ai", True),
    ]
    assert Question.objects.get(kind="short_text").accepted_answer_list() == ["VNeID", "VN eID"]


@pytest.mark.django_db
def test_nothing_is_saved_from_a_file_with_errors_unless_only_valid_rows_are_wanted():
    rows = [GOOD_ROWS[0], ["An toàn", "essay", "Viết.", "1", "", "", "", "", ""]]
    report = read_question_file(name="x.csv", data=csv_bytes(rows))

    with pytest.raises(QuizError, match="1 row has problems, so nothing was imported"):
        questions_import(report=report)
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()

    questions_import(report=report, only_valid=True)
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_an_unreadable_file_saves_nothing_even_when_only_valid_rows_are_wanted():
    report = read_question_file(name="x.csv", data=b"")

    with pytest.raises(QuizError):
        questions_import(report=report, only_valid=True)


# --- the admin page ---------------------------------------------------------------------------


IMPORT_URL = "wagtailsnippets_quizzes_question:import"


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_the_import_page_documents_the_columns_and_offers_example_files(admin_client):
    html = admin_client.get(reverse(IMPORT_URL)).content.decode()

    for column in COLUMNS:
        assert f"<code>{column}</code>" in html
    assert reverse("quizzes_import_example", args=["xlsx"]) in html
    xlsx = admin_client.get(reverse("quizzes_import_example", args=["xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="questions-example.xlsx"'
    assert read_question_file(name="e.xlsx", data=xlsx.content).questions


def test_the_dry_run_lists_problems_and_saves_nothing(admin_client):
    rows = [GOOD_ROWS[0], ["An toàn", "essay", "Viết.", "1", "", "", "", "", ""]]

    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload("x.csv", csv_bytes(rows)), "mode": "check"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>3</td><td>type</td><td>Unknown type “essay”" in html
    assert not Question.objects.exists()


def test_importing_a_clean_file_from_the_admin_saves_it(admin_client):
    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload("x.xlsx", xlsx_bytes(GOOD_ROWS)), "mode": "import"}
    )

    assert response.status_code == 302
    assert Question.objects.count() == 5


def test_importing_a_file_with_errors_from_the_admin_saves_nothing(admin_client):
    rows = [GOOD_ROWS[0], ["An toàn", "essay", "Viết.", "1", "", "", "", "", ""]]

    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload("x.csv", csv_bytes(rows)), "mode": "import"}
    )

    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.csv", "type,question\nsingle,câu\n".encode("latin-1")),
        ("x.xlsx", b"garbage"),
        ("x.csv", b""),
    ],
)
def test_a_malformed_upload_is_reported_not_a_server_error(admin_client, name, data):
    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload(name, data), "mode": "import_valid"}
    )

    assert response.status_code == 200
    assert not Question.objects.exists()


def test_a_learner_cannot_reach_the_import(client, db):
    client.force_login(UserFactory(email="hv@example.vn"))

    response = client.get(reverse(IMPORT_URL))

    assert response.status_code in (302, 403)
    assert client.get(reverse("quizzes_import_example", args=["csv"])).status_code in (302, 403)
