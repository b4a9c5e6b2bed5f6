"""What a restored (or second) site must show exactly as the original: certificates that verify
and every learner's progress. Run in the test's process and, against another database and
folders, in a child process (`manage.py shell -c "from tests.deploy.site_report import main;
main()"`), which prints it as JSON.
"""

import hashlib
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

# Rows that make up a learner's progress (models looked up by label: no import of their module).
PROGRESS_MODELS = (
    "courses.Enrolment",
    "courses.ModuleProgress",
    "courses.ModulePartResult",
    "courses.CourseCompletion",
    "courses.Certificate",
    "quizzes.Attempt",
    "quizzes.AttemptResult",
    "quizzes.H5PAttempt",
    "quizzes.H5PResult",
)


def certificate_report(certificate, client: Client) -> dict:
    from courses.certificates.signing import pdf_signature_check

    code = certificate.display_code
    page = client.get(reverse("certificate_verify", kwargs={"code": code}))
    answer = client.get(reverse("certificate_verify_json", kwargs={"code": code}))
    pdf = certificate.pdf.read() if certificate.has_pdf else b""
    check = pdf_signature_check(pdf=pdf)
    return {
        "code": certificate.code,
        "page_status": page.status_code,
        "page_names_learner": certificate.learner_name in page.content.decode(),
        "json": answer.json(),
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "signature": {"ok": check.ok, "intact": check.intact, "trusted": check.trusted},
    }


def site_report() -> dict:
    client = Client()
    certificate = apps.get_model("courses.Certificate")
    report = {
        "certificates": [
            certificate_report(row, client) for row in certificate.objects.order_by("pk")
        ],
        "progress": {
            label: list(apps.get_model(label).objects.order_by("pk").values())
            for label in PROGRESS_MODELS
        },
    }
    return json.loads(json.dumps(report, cls=DjangoJSONEncoder))


def main() -> None:
    print(json.dumps(site_report()))
