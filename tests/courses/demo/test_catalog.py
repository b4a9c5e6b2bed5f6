"""`manage.py seed_demo` builds the demo catalog at /khoa-hoc/, and a second run changes nothing."""

import shutil
import subprocess
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Site

from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Topic,
)
from courses.services import TRAINERS_GROUP
from quizzes.models import Quiz
from quizzes.selectors import module_quizzes
from tests.e2e.browser import ARTIFACTS_DIR

pytestmark = pytest.mark.django_db


# What seed_demo builds from courses/demo/content/*.toml, in catalog order: each course with its
# modules (title, number of text blocks) and the quiz in its last module (title, questions).
DEMO_CATALOG = [
    (
        "Kỹ năng số cơ bản trên điện thoại thông minh",
        [
            ("Làm quen với điện thoại và phần Cài đặt", 9),
            ("Kết nối Internet: Wi-Fi và dữ liệu di động 4G", 9),
            ("Cài đặt ứng dụng an toàn từ kho chính thức", 9),
            ("Chụp ảnh, nhắn tin và chia sẻ qua Zalo", 7),
            ("Tìm kiếm và đánh giá thông tin trên Internet", 8),
        ],
        ("Bài kiểm tra: Kỹ năng số cơ bản trên điện thoại thông minh", 14),
    ),
    (
        "An toàn thông tin và phòng tránh lừa đảo trực tuyến",
        [
            ("Mật khẩu mạnh, mã OTP và xác thực hai lớp", 9),
            ("Nhận diện đường link và tin nhắn lừa đảo", 8),
            ("Cuộc gọi giả danh công an, ngân hàng, cơ quan nhà nước", 9),
            ("Lừa đảo đầu tư, tuyển dụng và trúng thưởng", 8),
            ("Bảo vệ dữ liệu cá nhân và xử lý khi bị lừa đảo", 9),
        ],
        ("Bài kiểm tra: An toàn thông tin và phòng tránh lừa đảo trực tuyến", 14),
    ),
    (
        "Sử dụng dịch vụ công trực tuyến và định danh điện tử VNeID",
        [
            ("Tổng quan về dịch vụ công trực tuyến và định danh điện tử", 9),
            ("Tài khoản định danh điện tử mức 1, mức 2 và cách kích hoạt", 8),
            ("Tích hợp giấy tờ và sử dụng tiện ích trên VNeID", 8),
            ("Nộp hồ sơ trực tuyến từng bước trên Cổng Dịch vụ công quốc gia", 8),
            ("Theo dõi hồ sơ, thanh toán phí, lệ phí và nhận kết quả", 9),
        ],
        ("Bài kiểm tra: Dịch vụ công trực tuyến và định danh điện tử VNeID", 15),
    ),
]
TEXT_BLOCKS = ("heading", "paragraph", "callout")


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything the demo creates, as counts and identities, to compare two runs."""
    return {
        "pages": sorted(Page.objects.values_list("url_path", "live")),
        "topics": sorted(Topic.objects.values_list("slug", flat=True)),
        "enrolments": sorted(Enrolment.objects.values_list("learner__email", "course__slug")),
        "progress": sorted(
            ModuleProgress.objects.values_list(
                "learner__email", "module__slug", "started_at", "completed_at"
            )
        ),
        "completions": sorted(
            CourseCompletion.objects.values_list("learner__email", "course__slug", "completed_at")
        ),
        "images": sorted(get_image_model().objects.values_list("title", flat=True)),
        "trainer_rights": sorted(
            GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")
        ),
    }


@pytest.fixture
def seeded():
    seed_demo()


def national_catalog() -> CourseIndexPage:
    """The national catalog (seed_demo adds the provincial portals' catalogs beside it)."""
    root = Site.objects.get(is_default_site=True).root_page
    return CourseIndexPage.objects.child_of(root).get()


def test_seed_demo_serves_the_catalog_at_khoa_hoc(client, seeded):
    catalog = national_catalog()

    response = client.get("/khoa-hoc/")

    assert catalog.live
    assert catalog.get_url_parts()[2] == "/khoa-hoc/"
    assert response.status_code == 200
    assert response.context["paginator"].count == 3


def test_seed_demo_creates_three_courses_of_three_to_six_modules(seeded):
    catalog = national_catalog()
    courses = CoursePage.objects.child_of(catalog).live()

    assert courses.count() == 3
    for course in courses:
        modules = ModulePage.objects.child_of(course).live()
        assert 3 <= modules.count() <= 6, course.title
        assert course.summary
        assert course.topic is not None


def test_seed_demo_builds_the_courses_modules_and_quizzes_of_the_content_files(seeded):
    catalog = national_catalog()
    built = []
    for course in CoursePage.objects.child_of(catalog).live().order_by("path"):
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        [quiz_id] = module_quizzes(module=modules[-1])
        quiz = Quiz.objects.get(pk=quiz_id)
        built.append(
            (
                course.title,
                [
                    (module.title, sum(b.block_type in TEXT_BLOCKS for b in module.body))
                    for module in modules
                ],
                (quiz.title, quiz.fixed_questions.count()),
            )
        )

    assert built == DEMO_CATALOG


def test_seed_demo_courses_open_to_learners(client, seeded):
    for course in CoursePage.objects.live():
        address = urlsplit(course.full_url)  # a portal's own course is on the portal's host
        response = client.get(address.path, HTTP_HOST=address.netloc)
        assert response.status_code == 200, course.full_url


def test_seed_demo_lets_trainers_write_in_the_catalog(seeded):
    catalog = national_catalog()

    codenames = set(
        GroupPagePermission.objects.filter(group__name=TRAINERS_GROUP, page=catalog).values_list(
            "permission__codename", flat=True
        )
    )

    assert codenames == {"add_page", "change_page"}
    assert (
        Group.objects.get(name=TRAINERS_GROUP)
        .user_set.filter(email="trainer@demo.hocvuso.vn")
        .exists()
    )


def test_seed_demo_learner_has_completed_one_course_and_started_another(seeded):
    learner_courses = Enrolment.objects.filter(learner__email="hocvien@demo.hocvuso.vn")

    assert learner_courses.count() == 2
    assert CourseCompletion.objects.filter(learner__email="hocvien@demo.hocvuso.vn").count() == 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_seed_demo_learner_holds_a_signed_certificate_with_the_demo_signer(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from courses.demo import DEMO_SIGNER
    from courses.models import Certificate, CertificateSettings

    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()

    certificate = Certificate.objects.get(learner__email="hocvien@demo.hocvuso.vn")
    issuer = CertificateSettings.objects.get(site__is_default_site=True)
    assert issuer.logo is not None and issuer.signature_image is not None
    pdf = tmp_path / "demo.pdf"
    pdf.write_bytes(certificate.pdf.open("rb").read())
    text = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [shutil.which("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert certificate.learner_name in text
    assert DEMO_SIGNER[0] in text
    images = subprocess.run(  # noqa: S603
        [shutil.which("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) >= 3  # logo, signature and QR code
    ARTIFACTS_DIR.mkdir(exist_ok=True)  # to look at: test-artifacts/demo-certificate.png
    png = ARTIFACTS_DIR / "demo-certificate"
    command = [shutil.which("pdftoppm"), "-png", "-r", "60", "-singlefile", str(pdf), str(png)]
    subprocess.run(command, check=True)  # noqa: S603


def test_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()

    seed_demo()

    assert snapshot() == before
