"""Benchmark: warm time to render and sign one certificate (target: under 200 ms).

Run on demand, not in the test suite:

    .venv/bin/python bench/certificate_render.py [--runs 30]

It migrates a scratch SQLite database in a temporary folder, issues one certificate with a
Vietnamese name, renders it once to warm up (fonts, templates, the signing key), then times
`certificate_pdf` (WeasyPrint) and `pdf_sign` (pyHanko) separately and together. Results go
in bench/README.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 200


def setup(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "elearn.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(folder / "media")
    os.environ["CERTIFICATE_FILES_DIR"] = str(folder / "certificates")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<20} median {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   "
        f"min {ordered[0]:6.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certificate-bench-") as folder:
        setup(Path(folder))
        from courses.certificates.factories import CertificateFactory
        from courses.certificates.rendering import certificate_pdf
        from courses.certificates.signing import pdf_sign
        from home.factories import UserFactory

        learner = UserFactory(full_name="Nguyễn Thị Hồng Nhung")
        certificate = CertificateFactory(
            learner=learner, course__title="Kỹ năng số cơ bản trên điện thoại thông minh"
        )
        pdf_sign(pdf=certificate_pdf(certificate=certificate), reason="warm-up", location="")

        render, sign, total, cpu = [], [], [], []
        for _ in range(arguments.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            pdf = certificate_pdf(certificate=certificate)
            rendered = time.perf_counter()
            pdf_sign(pdf=pdf, reason="Kỹ năng số", location="Hà Nội")
            done, done_cpu = time.perf_counter(), time.process_time()
            render.append((rendered - start) * 1000)
            sign.append((done - rendered) * 1000)
            total.append((done - start) * 1000)
            cpu.append((done_cpu - start_cpu) * 1000)

        load = os.getloadavg()[0]
        print(
            f"{arguments.runs} warm runs, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, load average {load:.1f}"
        )
        print(summary("render (WeasyPrint)", render))
        print(summary("sign (pyHanko)", sign))
        print(summary("render + sign", total))
        print(summary("  of which CPU", cpu))
        median = statistics.median(total)
        verdict = "meets" if median < TARGET_MS else "MISSES"
        print(f"median render + sign {median:.0f} ms {verdict} the {TARGET_MS} ms target")
        return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
