"""What an operator's log collector and monitoring system read: both off unless configured.

- `DJANGO_REQUEST_LOG=json`: `RequestLogMiddleware` writes one JSON line per request to the
  `elearn.requests` logger (stdout): time, method, path, view, status, duration, user id,
  client address, app node. Error logs keep going to stderr as before.
- `DJANGO_METRICS_TOKEN`: `MetricsMiddleware` times every request into a Prometheus histogram
  and `/metrics` (bearer token required) exposes it with the number of queued background tasks
  per backend and queue. With several gunicorn processes, `PROMETHEUS_MULTIPROC_DIR` names the
  folder where they pool their figures (README, "Monitoring").

Both middlewares remove themselves (`MiddlewareNotUsed`) when off, so they cost nothing then.
"""

import json
import logging
import socket
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

REQUEST_LOGGER = logging.getLogger("elearn.requests")
NODE = socket.gethostname()

_request_seconds = None


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message and its `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else "unmatched"


def _user_id(request) -> int | None:
    """The signed-in user's id, without loading a session the request did not carry."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        if settings.REQUEST_LOG != "json":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "view": _view_name(request),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
            "client": request.META.get("REMOTE_ADDR", ""),
            "forwarded_for": request.META.get("HTTP_X_FORWARDED_FOR", ""),
            "node": NODE,
        }
        if not response.streaming and response.has_header("Content-Length"):
            fields["bytes"] = int(response["Content-Length"])
        REQUEST_LOGGER.info("request", extra={"fields": fields})
        return response


def request_histogram():
    """The request-duration histogram, created once per process."""
    global _request_seconds
    if _request_seconds is None:
        from prometheus_client import Histogram

        _request_seconds = Histogram(
            "elearn_http_request_duration_seconds",
            "Time to answer a request, by method, view and status.",
            ["method", "view", "status"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
    return _request_seconds


class MetricsMiddleware:
    def __init__(self, get_response):
        if not settings.METRICS_TOKEN:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.histogram = request_histogram()

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        labels = (request.method, _view_name(request), str(response.status_code))
        self.histogram.labels(*labels).observe(time.perf_counter() - started)
        return response


def queued_task_counts() -> dict[tuple[str, str], int]:
    """Tasks waiting for a worker, by (backend, queue)."""
    from django.db.models import Count
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values_list("backend_name", "queue_name")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {(backend, "default"): 0 for backend in _database_backends()}
    counts.update({(backend, queue): count for backend, queue, count in rows})
    return counts


def _database_backends() -> list[str]:
    """Task backends served by `db_worker` (a zero is worth showing for them)."""
    return [
        name
        for name, options in settings.TASKS.items()
        if options["BACKEND"] == "django_tasks_db.backend.DatabaseBackend"
    ]


def metrics_text() -> tuple[bytes, str]:
    """The Prometheus exposition of this node: request timings (pooled over every process when
    PROMETHEUS_MULTIPROC_DIR is set) and the queued tasks, read from the database now."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )
    from prometheus_client.core import GaugeMetricFamily

    request_histogram()
    if settings.METRICS_MULTIPROCESS_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY

    queued = GaugeMetricFamily(
        "elearn_tasks_queued",
        "Background tasks waiting for a worker, by backend and queue.",
        labels=["backend", "queue"],
    )
    for (backend, queue), count in sorted(queued_task_counts().items()):
        queued.add_metric([backend, queue], count)

    class QueuedTasks:
        def collect(self):
            yield queued

    tasks = CollectorRegistry()
    tasks.register(QueuedTasks())
    return generate_latest(registry) + generate_latest(tasks), CONTENT_TYPE_LATEST
