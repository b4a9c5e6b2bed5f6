"""Classes at provincial scale: the class progress page and the province dashboard (on demand).

    .venv/bin/python bench/classes_bench.py                 # 228 classes, 8,000 learners
    .venv/bin/python bench/classes_bench.py --classes 50 --learners 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_bench_classes \
        .venv/bin/python bench/classes_bench.py             # PostgreSQL (created and dropped)

Builds its own database like `pages.py` (a fresh SQLite file, or the PostgreSQL database that
DATABASE_URL names, created and dropped), loads the places, and fills the province with the
most communes as issue #16 describes: two courses of five modules, `--learners` learners in
`--classes` classes spread over its communes (one class of 200 learners among them), each
learner enrolled in the class's courses and part-way through them (progress, scores, a few
completions and failed quiz attempts are not needed: the grid reads the same tables either
way). Then, through Django's full handler (test client, DEBUG off), it measures CPU time per
request (`time.process_time`) interleaved with a minimal view ("hello"):

* the progress page of an average class and of the 200-learner class (goal: < 300 ms);
* the province manager's dashboard counted live, with the same learners and enrolments before
  their classes exist and after (goal: unchanged, a ratio near 1.0).

Not part of the test suite; bench/README.md records runs.
"""

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import _database, _measure  # noqa: E402 - after the path is set

BIG_CLASS = 200
MODULES = 5


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=228)
    parser.add_argument("--learners", type=int, default=8000)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per page")
    parser.add_argument("--requests", type=int, default=10, help="requests per page per round")
    return parser.parse_args()


def _province_world():
    """The province with most communes, two courses with their modules, its manager."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db.models import Count
    from wagtail.models import Site

    from courses import services
    from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
    from courses.reports.services import manager_scope_set
    from home.models import Province, User

    call_command("migrate", verbosity=0)
    call_command("load_places", verbosity=0)
    province = Province.objects.annotate(n=Count("communes")).order_by("-n", "code").first()
    home = Site.objects.get(is_default_site=True).root_page
    catalog = CourseIndexPageFactory(parent=home)
    courses = [
        CoursePageFactory(parent=catalog, title="Kỹ năng số cơ bản"),
        CoursePageFactory(parent=catalog, title="Dịch vụ công trực tuyến"),
    ]
    modules = [ModulePageFactory.create_batch(MODULES, parent=course) for course in courses]
    manager = User.objects.create_user(email="quanly@bench.vn", full_name="Quản lý tỉnh")
    manager_scope_set(user=manager, level="province", province=province)
    trainer = User.objects.create_user(email="giangvien@bench.vn", full_name="Giảng viên")
    trainer.groups.add(Group.objects.get_or_create(name=services.TRAINERS_GROUP)[0])
    return province, courses, modules, manager, trainer


def _fill_learners(*, province, courses, modules, classes: int, learners: int):
    """Learners of the province in groups (one per future class, the first of 200), each
    enrolled in both courses and part-way through them, in bulk (the rows the services
    write). Returns [(commune, users)]."""
    from django.utils import timezone

    from courses.models import Enrolment, ModuleProgress
    from home.models import User

    rng = random.Random(16)  # noqa: S311 - made-up data, not a secret
    communes = list(province.communes.order_by("code"))
    sizes = [BIG_CLASS] + [(learners - BIG_CLASS) // (classes - 1)] * (classes - 1)
    now = timezone.now()
    groups = []
    for n, size in enumerate(sizes):
        commune = communes[n % len(communes)]
        users = User.objects.bulk_create(
            User(
                email=f"hv{n}-{m}@bench.vn",
                full_name=f"Học viên {n}-{m}",
                commune=commune,
                learner_group="official",
            )
            for m in range(size)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                learner=u,
                course=c,
                commune=commune,
                province_id=province.pk,
                learner_group="official",
            )
            for u in users
            for c in courses
        )
        ModuleProgress.objects.bulk_create(
            ModuleProgress(
                learner=u,
                module=module,
                completed_at=now if rng.random() < 0.6 else None,
            )
            for u in users
            for course_modules in modules
            for module in course_modules[: rng.randint(0, MODULES)]
        )
        groups.append((commune, users))
    return groups


def _fill_classes(*, groups, courses, trainer):
    """A class per group, with its members (`member_count` kept as the service keeps it)."""
    from courses.classes.models import Class, ClassMember

    made = []
    for n, (commune, users) in enumerate(groups):
        klass = Class.objects.create(
            name=f"Lớp {n + 1} {commune.name}", commune=commune, member_count=len(users)
        )
        klass.courses.set(courses)
        klass.trainers.add(trainer)
        ClassMember.objects.bulk_create(ClassMember(klass=klass, learner=u) for u in users)
        made.append(klass)
    return made


def _rounds(pages: dict, args) -> dict[str, float]:
    samples = {name: [] for name in pages}
    for client, url in pages.values():
        _measure(client, url, 1)  # warm-up: imports, templates, caches
    for _ in range(args.rounds):
        for name, (client, url) in pages.items():
            samples[name] += _measure(client, url, args.requests)
    return {name: statistics.median(values) for name, values in samples.items()}


def main():
    args = _arguments()
    url, drop = _database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    try:
        province, courses, modules, manager, trainer = _province_world()
        with override_settings(
            DEBUG=False, ROOT_URLCONF="bench.pages_urls", STATISTICS_CACHE_SECONDS=0
        ):
            hello = Client()
            managing = Client()
            managing.force_login(manager)
            groups = _fill_learners(
                province=province,
                courses=courses,
                modules=modules,
                classes=args.classes,
                learners=args.learners,
            )
            before = _rounds(
                {
                    "hello": (hello, "/__bench__/hello/"),
                    "dashboard": (managing, "/admin/statistics/"),
                },
                args,
            )
            made = _fill_classes(groups=groups, courses=courses, trainer=trainer)
            teaching = Client()
            teaching.force_login(trainer)
            after = _rounds(
                {
                    "hello": (hello, "/__bench__/hello/"),
                    "dashboard": (managing, "/admin/statistics/"),
                    "class, average": (teaching, f"/admin/classes/{made[1].pk}/progress/"),
                    "class, 200": (teaching, f"/admin/classes/{made[0].pk}/progress/"),
                },
                args,
            )
    finally:
        django.db.connections.close_all()
        drop()

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}")
    print(f"province: {province.full_name}, {args.classes} classes, {args.learners} learners")
    print(f"{'page':<28}{'CPU ms':>9}{'hello/page':>12}")
    for name, value in [("dashboard, no class", before["dashboard"])] + [
        (name, after[name]) for name in ("dashboard", "class, average", "class, 200")
    ]:
        reference = before["hello"] if name == "dashboard, no class" else after["hello"]
        print(f"{name:<28}{value * 1000:>9.1f}{reference / value:>12.4f}")
    ratio = (after["dashboard"] / after["hello"]) / (before["dashboard"] / before["hello"])
    print(f"dashboard with classes / without (each against its own hello): {ratio:.2f}")


if __name__ == "__main__":
    main()
