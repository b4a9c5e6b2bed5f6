"""JSON request log and Prometheus metrics: off by default, each turned on by its variable."""

import json
import logging
import os
import re

import pytest

from courses.certificates.factories import course_complete, course_with_modules
from elearn.settings.base import certificate_tasks
from home.factories import UserFactory
from home.observability import JsonFormatter
from tests.home.child_process import run_manage

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-for-tests"


def request_records(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "elearn.requests"
    ]


def test_no_request_line_is_logged_by_default(client, caplog):
    with caplog.at_level(logging.INFO, logger="elearn.requests"):
        client.get("/healthz")

    assert request_records(caplog) == []


def test_the_json_log_has_one_line_per_request_with_timing_status_and_user(
    client, settings, caplog
):
    settings.REQUEST_LOG = "json"
    learner = UserFactory()
    client.force_login(learner)

    with caplog.at_level(logging.INFO, logger="elearn.requests"):
        client.get("/healthz")
        client.get("/no-such-page/")

    first, second = request_records(caplog)
    assert first["message"] == "request"
    assert (first["method"], first["path"], first["view"]) == ("GET", "/healthz", "healthz")
    assert first["status"] == 200 and second["status"] == 404
    assert first["user_id"] == learner.pk
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["client"] == "127.0.0.1"


def test_an_anonymous_request_is_logged_without_a_user(client, settings, caplog):
    settings.REQUEST_LOG = "json"

    with caplog.at_level(logging.INFO, logger="elearn.requests"):
        client.get("/healthz")

    assert request_records(caplog)[0]["user_id"] is None


def test_the_variable_sends_json_lines_to_stdout(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_REQUEST_LOG": "json",
    }
    code = "from django.test import Client; Client().get('/healthz', HTTP_HOST='127.0.0.1')"

    result = run_manage(env, "shell", "-c", code)

    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(line["path"], line["status"]) for line in lines] == [("/healthz", 200)], result.stderr
    assert "/healthz" not in result.stderr


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_bearer_token(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_metrics_time_requests_by_view_and_status(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/healthz")
    client.get("/healthz")

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    count = re.search(
        r'^elearn_http_request_duration_seconds_count\{method="GET",status="200",'
        r'view="healthz"\} (\d+)',
        text,
        re.MULTILINE,
    )
    assert count and int(count.group(1)) >= 2


def test_metrics_count_the_tasks_waiting_for_a_worker(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.METRICS_TOKEN = TOKEN
    settings.TASKS = certificate_tasks("database")
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    course = course_with_modules(title="Dịch vụ công trực tuyến")
    for learner in UserFactory.create_batch(2):
        with django_capture_on_commit_callbacks(execute=True):
            course_complete(learner=learner, course=course)

    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()

    assert 'elearn_tasks_queued{backend="certificates",queue="default"} 2.0' in text
    assert 'elearn_tasks_queued{backend="imports",queue="default"} 0.0' in text
