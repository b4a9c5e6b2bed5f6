"""Two app nodes behind HAProxy, on one PostgreSQL database, one Redis and one task worker.

The fixture starts, as a province would run them (deploy/haproxy.cfg, `make release`,
`make serve`, `make worker`): two gunicorn nodes on their own loopback ports, HAProxy in
front (TLS, round robin, health checks on /readyz) and the certificates worker, all with
production settings and one shared folder; and stops them afterwards. The scenarios go
through HAProxy only, and each checks from the `X-Served-By` header that both nodes took part.
"""

import datetime
import ipaddress
import json
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from courses.certificates.signing import _create_self_signed, pdf_signature_check
from tests.deploy.cluster_seed import PASSWORD
from tests.deploy.conftest import needs_postgres, new_database
from tests.deploy.servers import ROOT, free_port, run, start, wait_for
from tests.quizzes.h5p.packages import package

REDIS_URL = "redis://127.0.0.1:6379/12"
NODES = ("node1", "node2")
TIMEOUT = 30  # seconds for one request through the proxy

pytestmark = [
    pytest.mark.postgres,
    needs_postgres,
    pytest.mark.skipif(
        not shutil.which("haproxy"), reason="HAProxy is not installed (make deploy-deps)"
    ),
]


def tls_pem(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and its key, in the one file HAProxy reads."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    pem = folder / "haproxy.pem"
    pem.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem


class Cluster:
    def __init__(self, folder: Path, database_url: str):
        self.folder = folder
        self.processes = []
        self.proxy_port = free_port()
        self.base = f"https://127.0.0.1:{self.proxy_port}"
        self.node_ports = {name: free_port() for name in NODES}
        self.pem = tls_pem(folder)
        shared = folder / "shared"
        signing = folder / "signing"
        _create_self_signed(signing / "key.pem", signing / "cert.pem")
        self.signing_cert = signing / "cert.pem"
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(folder),
            "DJANGO_SETTINGS_MODULE": "elearn.settings.production",
            "DJANGO_SECRET_KEY": "two-nodes-share-this-secret-key-0123456789-abcdefghijklmnop",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.base,
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "CACHE_URL": REDIS_URL,
            "CERTIFICATE_SIGNING_KEY": str(signing / "key.pem"),
            "CERTIFICATE_SIGNING_CERT": str(self.signing_cert),
            "CERTIFICATE_BASE_URL": self.base,
            "DJANGO_MEDIA_ROOT": str(shared / "media"),
            "H5P_ROOT": str(shared / "h5p"),
            "CERTIFICATE_FILES_DIR": str(shared / "certificates"),
            "ENROLMENT_IMPORT_DIR": str(shared / "imports"),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
        }

    def manage(self, *args: str) -> str:
        result = run([sys.executable, str(ROOT / "manage.py"), *args], self.env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def start(self) -> None:
        release = run(["make", "-s", "release"], self.env)
        assert release.returncode == 0, release.stdout + release.stderr
        self.seed = json.loads(
            self.shell("from tests.deploy.cluster_seed import main; main()").splitlines()[-1]
        )
        for name, port in self.node_ports.items():
            env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
            self.processes.append(start(name, ["make", "-s", "serve"], env, self.folder))
        for process, port in zip(self.processes, self.node_ports.values(), strict=True):
            wait_for(f"http://127.0.0.1:{port}/readyz", process, host="127.0.0.1")
        worker_command = ["make", "-s", "worker", "TASK_BACKEND=certificates"]
        self.processes.append(start("worker", worker_command, self.env, self.folder))
        proxy_env = {
            **self.env,
            "ELEARN_PUBLIC_BIND": f"127.0.0.1:{self.proxy_port}",
            "ELEARN_TLS_PEM": str(self.pem),
            "ELEARN_HOST": "127.0.0.1",
            **{
                name.upper().replace("NODE", "ELEARN_NODE"): f"127.0.0.1:{port}"
                for name, port in self.node_ports.items()
            },
        }
        command = [shutil.which("haproxy"), "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")]
        self.processes.append(start("haproxy", command, proxy_env, self.folder))
        self.wait_until_both_nodes_answer()

    def wait_until_both_nodes_answer(self, timeout: float = 60) -> None:
        seen, error = set(), None
        deadline = time.monotonic() + timeout
        while not seen >= set(NODES) and time.monotonic() < deadline:
            try:
                seen.add(self.browser().get("/readyz").served_by)
            except requests.ConnectionError as failure:
                error = failure
            time.sleep(0.2)
        assert seen >= set(NODES), f"{seen} {error!r}\n{self.logs()}"

    def browser(self) -> "Browser":
        return Browser(self)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.output()[-4000:]}" for p in self.processes)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


class Response:
    def __init__(self, response: requests.Response):
        self.raw = response
        self.status = response.status_code
        self.text = response.text
        self.served_by = response.headers.get("X-Served-By")


class Browser:
    """A visitor with its own cookies, talking to the site through HAProxy only."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.session = requests.Session()
        # Per request: a session's `verify` loses to REQUESTS_CA_BUNDLE when that is set.
        self.verify = str(cluster.pem)
        self.session.headers.update({"Referer": cluster.base + "/", "Origin": cluster.base})

    def get(self, path: str) -> Response:
        response = self.session.get(
            self.cluster.base + path, timeout=TIMEOUT, allow_redirects=False, verify=self.verify
        )
        return Response(response)

    def post(self, path: str, data: dict | None = None, files=None) -> Response:
        token = self.session.cookies.get("csrftoken", "")
        response = self.session.post(
            self.cluster.base + path,
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers={"X-CSRFToken": token},
            timeout=TIMEOUT,
            allow_redirects=False,
            verify=self.verify,
        )
        return Response(response)

    def log_in(self, email: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"login": email, "password": password})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, django_db_blocker):
    redis.Redis.from_url(REDIS_URL).flushdb()
    with django_db_blocker.unblock(), new_database() as database_url:
        cluster = Cluster(tmp_path_factory.mktemp("cluster"), database_url)
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()
    redis.Redis.from_url(REDIS_URL).flushdb()


def test_a_session_survives_switching_nodes(cluster):
    learner = cluster.browser()
    assert learner.log_in(cluster.seed["learners"]["session"], PASSWORD).status == 302

    answers = [learner.get("/khoa-hoc-cua-toi/") for _ in range(4)]

    assert [answer.status for answer in answers] == [200] * 4, cluster.logs()
    assert {answer.served_by for answer in answers} == set(NODES)


def test_the_login_rate_limit_counts_failures_on_both_nodes(cluster):
    email = cluster.seed["learners"]["ratelimit"]
    visitor = cluster.browser()
    visitor.get("/accounts/login/")  # the CSRF cookie; then only posts, alternating nodes
    failures = [
        visitor.post("/accounts/login/", {"login": email, "password": "not-the-password"})
        for _ in range(5)
    ]
    assert {failure.served_by for failure in failures} == set(NODES)
    assert [failure.status for failure in failures] == [200] * 5

    # Each node saw at most three failures: only a count both share reaches five and refuses.
    right_password = visitor.post("/accounts/login/", {"login": email, "password": PASSWORD})

    assert right_password.status == 200
    assert visitor.get("/khoa-hoc-cua-toi/").status == 302  # still not signed in
    assert cluster.browser().log_in(cluster.seed["learners"]["session"], PASSWORD).status == 302


def test_a_page_published_on_one_node_is_not_served_stale_by_the_other(cluster):
    course = cluster.seed["course"]
    visitor = cluster.browser()
    before = [visitor.get(course["url"]) for _ in range(2)]
    assert {answer.served_by for answer in before} == set(NODES)
    assert all(course["title"] in answer.text for answer in before)

    cluster.shell(
        "from courses.models import CoursePage; "
        f"page = CoursePage.objects.get(pk={course['id']}); "
        "page.title = 'Kỹ năng số, bản mới'; page.save_revision().publish()"
    )
    after = [visitor.get(course["url"]) for _ in range(2)]

    assert {answer.served_by for answer in after} == set(NODES)
    assert all("Kỹ năng số, bản mới" in answer.text for answer in after), cluster.logs()


def test_a_certificate_issued_by_the_worker_downloads_from_both_nodes(cluster):
    learner = cluster.browser()
    assert learner.log_in(cluster.seed["learners"]["certificate"], PASSWORD).status == 302
    course_id = cluster.seed["course"]["id"]
    assert learner.post(f"/learning/courses/{course_id}/enrol/").status == 302
    for module_id in cluster.seed["modules"]:
        done = learner.post(f"/learning/courses/{course_id}/modules/{module_id}/done/")
        assert done.status == 302

    link = None
    deadline = time.monotonic() + 180
    while link is None and time.monotonic() < deadline:
        link = re.search(
            r'href="(/certificates/[^"/]+/pdf/)"', learner.get("/khoa-hoc-cua-toi/").text
        )
        time.sleep(1)
    assert link, "the worker made no PDF:\n" + cluster.logs()
    downloads = [learner.get(link.group(1)) for _ in range(2)]

    assert {download.served_by for download in downloads} == set(NODES)
    assert [download.status for download in downloads] == [200, 200]
    assert downloads[0].raw.content == downloads[1].raw.content
    check = pdf_signature_check(pdf=downloads[0].raw.content, trust_roots=[cluster.signing_cert])
    assert check.ok and check.trusted


def test_an_h5p_package_uploaded_through_one_node_plays_from_the_other(cluster):
    admin = cluster.browser()
    assert admin.log_in(cluster.seed["admin"], PASSWORD).status == 302
    add = "/admin/snippets/quizzes/h5pactivity/add/"
    assert admin.get(add).status == 200
    data = package(title="Hai máy chủ, một gói", library=("Test.TwoNodes", 1, 0))
    upload = admin.post(add, {"title": ""}, files={"package": ("hai-nut.h5p", data)})
    assert upload.status == 302, upload.text[-3000:]
    token = cluster.shell(
        "from quizzes.models import H5PActivity; "
        "from quizzes.h5p.selectors import player_token; "
        "activity = H5PActivity.objects.get(title='Hai máy chủ, một gói'); "
        "print(player_token(activity_id=activity.pk, module_id=None, user_id=None, "
        f"parent_origin='{cluster.base}'))"
    ).splitlines()[-1]

    visitor = cluster.browser()
    served = {}
    for path in (
        f"/learning/quizzes/h5p/play/{token}/",
        f"/learning/quizzes/h5p/play/{token}/files/content/content.json",
        "/learning/quizzes/h5p/libraries/Test.TwoNodes-1.0/library.json",
    ):
        for _ in range(2):
            answer = visitor.get(path)
            assert answer.status == 200, (path, answer.status, cluster.logs())
            served.setdefault(path, set()).add(answer.served_by)

    assert all(nodes == set(NODES) for nodes in served.values())
    assert json.loads(
        visitor.get(f"/learning/quizzes/h5p/play/{token}/files/content/content.json").text
    ) == {"text": "Xin chào"}
