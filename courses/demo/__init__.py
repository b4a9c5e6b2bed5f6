"""Demo content for a local demo: the course catalog and its courses, built by `seed_demo`.

The course texts (modules and quizzes) are data, one TOML file per course in `content/`, read
and checked by `loader.demo_courses_load()`; `catalog.py` builds the pages from them. Nothing
outside this package and the apps' `demo.py` modules reads them. Format: `README.md` here.
"""

from courses.demo.catalog import (
    CATALOG_SLUG,
    DEMO_SIGNER,
    LEARNER_EMAIL,
    TRAINER_EMAIL,
    ensure_catalog,
    ensure_course,
    seed,
)

__all__ = [
    "CATALOG_SLUG",
    "DEMO_SIGNER",
    "LEARNER_EMAIL",
    "TRAINER_EMAIL",
    "ensure_catalog",
    "ensure_course",
    "seed",
]
