"""Issue #15's acceptance: a messy 5,000-row personnel list (see `personnel.py`) imported by a
province manager of Thanh Hóa, as XLSX, Windows-1258 CSV and UTF-8-BOM semicolon CSV.

The three files give the same report row for row (but the warnings about formulas, which only
the XLSX file has); at least 95% of the rows that identify one
person and one commune are accepted and none is put in a wrong commune; the dry run's counts
are the import's; importing again (any of the three files) changes nothing. The files are built
once per module; the whole module takes about a minute on SQLite.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from courses.models import Enrolment, ImportJob, ManagerScope
from home.factories import UserFactory
from home.models import Commune, CommuneChange, Province, User
from home.places import places_load
from tests.courses.enrolment_import import personnel

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture(scope="module")
def people():
    return personnel.personnel_list(5000)


@pytest.fixture(scope="module")
def files(people):
    return {
        "list.xlsx": personnel.xlsx_bytes(people),
        "list-1258.csv": personnel.csv_bytes(people, encoding="cp1258"),
        "list-bom.csv": personnel.csv_bytes(people, delimiter=";", encoding="utf-8-sig"),
    }


@pytest.fixture
def manager(db):
    places_load()
    user = UserFactory(email="sonoivu@thanhhoa.gov.vn", is_staff=True, commune=None)
    province = Province.objects.get(code=f"{personnel.PROVINCE_CODE:02d}")
    ManagerScope.objects.create(user=user, level="province", province=province)
    return user


def checked(*, owner, name, data, courses) -> ImportJob:
    upload = SimpleUploadedFile(name, data)
    return import_job_run(
        job=import_job_create(owner=owner, upload=upload, courses=courses), dry_run=True
    )


def report(job) -> list[list[str]]:
    raw = job.report.open("rb").read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw)))[1:]


def counts(job) -> tuple[int, ...]:
    return (job.created, job.updated, job.unchanged, job.enrolled, job.rejected, job.warned)


def state() -> tuple[int, ...]:
    return (User.objects.count(), Enrolment.objects.count(), CommuneChange.objects.count())


def test_the_messy_list_imports_the_same_from_three_files_and_a_second_run_changes_nothing(
    manager, course, people, files
):
    checks = {
        name: checked(owner=manager, name=name, data=data, courses=[course])
        for name, data in files.items()
    }
    reports = {name: report(job) for name, job in checks.items()}
    xlsx = reports["list.xlsx"]
    assert all(job.status == ImportJob.Status.CHECKED for job in checks.values())
    assert len(xlsx) == len(people)
    for name, lines in reports.items():
        # Every column but the warnings: only the XLSX file has formulas to warn about.
        assert [line[:8] for line in lines] == [line[:8] for line in xlsx], name
    assert state()[0] == 1  # the dry runs saved nothing: only the manager exists

    job = import_job_run(job=import_job_confirm(job=checks["list.xlsx"]), dry_run=False)
    assert counts(job) == counts(checks["list.xlsx"])

    outcomes = {int(line[0]): line for line in report(job)}
    communes = dict(Commune.objects.values_list("pk", "code"))
    accounts = {
        user.email: communes[user.commune_id] for user in User.objects.exclude(pk=manager.pk)
    }
    acceptable = [
        (number, person)
        for number, person in enumerate(people, start=personnel.FIRST_DATA_ROW)
        if person.acceptable
    ]
    accepted = [number for number, _person in acceptable if outcomes[number][7] == ""]
    assert len(accepted) >= 0.95 * len(acceptable), (len(accepted), len(acceptable))
    taken = [
        (person.expected, accounts.get(person.cells[7].lower()))
        for number, person in enumerate(people, start=personnel.FIRST_DATA_ROW)
        if outcomes[number][7] == ""
    ]
    assert len(taken) == job.created
    assert [(expected, code) for expected, code in taken if expected != code] == []

    before = state()
    for name, data in files.items():
        again = checked(owner=manager, name=name, data=data, courses=[course])
        again = import_job_run(job=import_job_confirm(job=again), dry_run=False)
        assert (again.created, again.updated, again.enrolled) == (0, 0, 0), name
        assert again.unchanged == job.created + job.unchanged, name
    assert state() == before
