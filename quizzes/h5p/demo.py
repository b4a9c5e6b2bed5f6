"""Demo H5P activity: a one-statement true/false check in a module of the first demo course.

The package is built here from `demo_library/Elearn.QuickCheck-1.0/` (a tiny H5P library
written for this project, MIT) and installed through the normal upload service, so the demo
needs no outside package and shows the whole path: validation, library install, playback and
scores. Idempotent: the activity is found by title and the block added only once.
"""

import io
import json
import zipfile
from pathlib import Path

from courses.demo import CATALOG_SLUG
from courses.models import CourseIndexPage, CoursePage, ModulePage
from quizzes.h5p.selectors import module_h5p_rules
from quizzes.h5p.services import h5p_activity_create
from quizzes.models import H5PActivity

LIBRARY_DIR = Path(__file__).resolve().parent / "demo_library" / "Elearn.QuickCheck-1.0"
COURSE_SLUG = "ky-nang-so-co-ban-tren-dien-thoai"
MODULE_SLUG = "cai-ung-dung-an-toan"
TITLE = "Kiểm tra nhanh: cài ứng dụng an toàn"
CONTENT = {
    "statement": "Nên cài ứng dụng từ đường link do người lạ gửi qua tin nhắn.",
    "correct": False,
    "trueLabel": "Đúng",
    "falseLabel": "Sai",
    "rightFeedback": "Chính xác! Chỉ cài ứng dụng từ CH Play hoặc App Store.",
    "wrongFeedback": "Chưa đúng. Link lạ có thể cài ứng dụng giả mạo để lấy tiền của bạn.",
}


def build_package(*, title: str = TITLE, content: dict | None = None) -> bytes:
    """The demo .h5p file: h5p.json, content/content.json and the Elearn.QuickCheck library."""
    h5p_json = {
        "title": title,
        "language": "vi",
        "mainLibrary": "Elearn.QuickCheck",
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "Elearn.QuickCheck", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("h5p.json", json.dumps(h5p_json, ensure_ascii=False))
        archive.writestr("content/content.json", json.dumps(content or CONTENT, ensure_ascii=False))
        for path in sorted(LIBRARY_DIR.iterdir()):
            archive.write(path, f"{LIBRARY_DIR.name}/{path.name}")
    return buffer.getvalue()


def ensure_activity() -> H5PActivity:
    activity = H5PActivity.objects.filter(title=TITLE).first()
    if activity is not None:
        return activity
    data = build_package()
    upload = io.BytesIO(data)
    upload.size = len(data)
    return h5p_activity_create(upload=upload, user=None, allow_new_libraries=True)


def ensure_block(module: ModulePage, activity: H5PActivity) -> bool:
    """Add an (optional) H5P block to the module and publish it; False when already there."""
    if activity.pk in module_h5p_rules(module=module):
        return False
    module.body = [
        *(
            {"type": b["type"], "value": b["value"], "id": b.get("id")}
            for b in module.body.raw_data
        ),
        {
            "type": "h5p",
            "value": {"activity": activity.pk, "pass_mark": 100, "required": False},
        },
    ]
    module.save_revision().publish()
    return True


def seed(stdout) -> None:
    catalog = CourseIndexPage.objects.filter(slug=CATALOG_SLUG).first()
    course = (
        CoursePage.objects.child_of(catalog).filter(slug=COURSE_SLUG).first() if catalog else None
    )
    module = (
        ModulePage.objects.child_of(course).filter(slug=MODULE_SLUG).first() if course else None
    )
    if module is None:
        stdout.write("  h5p      skipped: no demo module")
        return
    activity = ensure_activity()
    added = ensure_block(module, activity)
    stdout.write(
        f"  h5p      “{activity.title}” {'added to' if added else 'already in'} {module.url}"
    )
