from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from home.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from home.models import CommuneChange, User
from tests.home.child_process import run_manage


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_accounts_in_their_communes():
    output = seed_demo()

    for email, full_name, commune_code, group, role in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert (user.full_name, user.commune.code, user.learner_group) == (
            full_name,
            commune_code,
            group,
        )
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_superuser == (role == "admin")
        assert user.is_staff == (role in ("admin", "trainer"))
        assert f"{email}" in output
    assert str(User.objects.get(email="hocvien@demo.hocvuso.vn").commune) == (
        "Phường Thục Phán, Tỉnh Cao Bằng"
    )
    assert CommuneChange.objects.count() == len(DEMO_ACCOUNTS)


@pytest.mark.django_db
def test_seed_demo_a_second_time_creates_nothing_new():
    seed_demo()
    before = row_counts()

    output = seed_demo()

    assert row_counts() == before
    assert output.count("(exists)") == len(DEMO_ACCOUNTS)
    assert "(created)" not in output


@pytest.mark.django_db
def test_seed_demo_refuses_production_settings():
    with (
        override_settings(SETTINGS_MODULE="elearn.settings.production", DEBUG=True),
        pytest.raises(CommandError, match="not in production"),
    ):
        seed_demo()

    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(DEBUG=False, SEED_DEMO_ALLOWED=False)
def test_seed_demo_refuses_without_debug_or_explicit_permission():
    with pytest.raises(CommandError):
        seed_demo()

    assert not User.objects.exists()


def test_seed_demo_refuses_to_run_with_the_production_settings_module(production_env):
    result = run_manage(production_env, "seed_demo")

    assert result.returncode != 0
    assert "CommandError: seed_demo creates accounts with known passwords" in result.stderr


@pytest.mark.django_db
def test_seed_demo_creates_two_classes_with_their_learner_sessions_and_attendance():
    from courses.classes.models import Attendance, Class
    from courses.models import Enrolment

    seed_demo()
    seed_demo()

    classes = {c.name: c for c in Class.objects.all()}
    assert {c.commune.code for c in classes.values()} == {"01273", "04045"}
    for klass in classes.values():
        assert [t.email for t in klass.trainers.all()] == ["trainer@demo.hocvuso.vn"]
        assert klass.member_count == klass.members.count() == 1
        assert klass.sessions.count() == 2
        member = klass.members.get().learner
        assert Attendance.objects.filter(session__klass=klass, learner=member).count() == 2
        assert set(klass.courses.values_list("pk", flat=True)) <= set(
            Enrolment.objects.filter(learner=member).values_list("course", flat=True)
        )
