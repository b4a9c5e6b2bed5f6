"""Write side of the pre-aggregated statistics: the `DailyCount` table kept in step with the
enrolments, completions and certificates it counts, and its exact rebuild.

An enrolment contributes one enrolment to its cell (commune, course, group, local day it was
made) and, once completed, one completion (and one certificate while a valid one hangs off
its completion) to the cell of its completion day. Every change is a difference of
contributions: `counts_kept` reads the contributions of the enrolments it is given (locking
their rows), lets the change happen, reads them again and adds the difference to the table
with one upsert whose increments the database applies atomically (`ON CONFLICT DO UPDATE SET
n = n + excluded.n`), in a fixed order of cells so that two writers never wait for each other
in a circle. New enrolments add their contributions without a read (`counts_added`), deleted
ones subtract them before they go (`counts_removed`). The models' save and delete paths call
these, so factories, services, the admin and bulk imports all keep the table exact; a raw
`QuerySet.update()` of what is counted must be wrapped in `counts_kept`
(docs/decisions/029-statistics-tables.md).

`statistics_rebuild` counts the table again from the enrolments, a chunk of communes per
transaction, holding a lock that makes writers' increments wait for the chunk (not readers).
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from courses.certificates.reports import certificate_exists_for_enrolment
from courses.models import Certificate, DailyCount, Enrolment
from home.models import Commune

ENROLMENTS, COMPLETIONS, CERTIFICATES = 0, 1, 2
MEASURES = ("enrolments", "completions", "certificates")
UPSERT_BATCH = 500
REBUILD_COMMUNES_PER_CHUNK = 200

Cell = tuple[int, int, str, dt.date]
Deltas = dict[Cell, list[int]]


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, timezone.get_default_timezone()).date()


def _add(deltas: Deltas, cell: Cell, measure: int, sign: int) -> None:
    deltas.setdefault(cell, [0, 0, 0])[measure] += sign


def _contribute(deltas: Deltas, row: tuple, sign: int) -> None:
    commune_id, course_id, group, enrolled_at, completed_at, certified = row
    if commune_id is None:
        return  # an enrolment without a commune belongs to no area (decision 006)
    _add(deltas, (commune_id, course_id, group, _day(enrolled_at)), ENROLMENTS, sign)
    if completed_at is not None:
        cell = (commune_id, course_id, group, _day(completed_at))
        _add(deltas, cell, COMPLETIONS, sign)
        if certified:
            _add(deltas, cell, CERTIFICATES, sign)


def _contributions(*, where: Q, lock: bool) -> list[tuple]:
    queryset = Enrolment.objects.filter(where).order_by("pk")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(
        queryset.annotate(certified=certificate_exists_for_enrolment()).values_list(
            "commune_id", "course_id", "learner_group", "enrolled_at", "completed_at", "certified"
        )
    )


def _where(enrolment_ids: Iterable) -> Q | None:
    ids = sorted({pk for pk in enrolment_ids if pk is not None})
    return Q(pk__in=ids) if ids else None


def counts_apply(deltas: Deltas) -> None:
    """Add these differences to the table: one upsert per batch of cells, in a fixed order."""
    rows = [(*cell, *values) for cell, values in sorted(deltas.items()) if any(values)]
    if not rows:
        return
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (commune_id, course_id, learner_group, day, "  # noqa: S608 - fixed names
                f"{', '.join(MEASURES)}) VALUES {values} "
                f"ON CONFLICT (commune_id, course_id, learner_group, day) DO UPDATE SET {updates}",
                [value for row in batch for value in row],
            )


@contextmanager
def counts_kept(*, enrolment_ids: Iterable[int] = (), where: Q | None = None) -> Iterator[None]:
    """Keep the table in step with a change of these enrolments (by id, or those matching
    `where`) made inside the block: their commune, group, dates, completion or certificate.
    Runs in a transaction: the rows stay locked from the first read to the commit, so
    concurrent changes of one enrolment count one after the other."""
    where = where if where is not None else _where(enrolment_ids)
    if where is None:
        yield
        return
    with transaction.atomic(savepoint=False):
        change = CountedChange(where=where)
        yield
        change.finish()


class CountedChange:
    """`counts_kept` in two calls, for changes made between a pre_ and a post_ signal."""

    def __init__(self, *, where: Q):
        self.where = where
        self.before = _contributions(where=where, lock=connection.in_atomic_block)

    def finish(self) -> None:
        deltas: Deltas = {}
        for row in self.before:
            _contribute(deltas, row, -1)
        for row in _contributions(where=self.where, lock=False):
            _contribute(deltas, row, +1)
        counts_apply(deltas)


def counts_added(*, enrolments: Iterable[Enrolment]) -> None:
    """Count enrolments just inserted, from the instances (no read): a new enrolment is
    usually not completed; one that is (test data, a repair) is read back with its
    certificate."""
    deltas: Deltas = {}
    completed = []
    for e in enrolments:
        if e.completed_at is not None:
            completed.append(e.pk)
            continue
        row = (e.commune_id, e.course_id, e.learner_group, e.enrolled_at, None, False)
        _contribute(deltas, row, +1)
    if completed:
        for row in _contributions(where=Q(pk__in=completed), lock=False):
            _contribute(deltas, row, +1)
    counts_apply(deltas)


def counts_removed(*, enrolment_ids: Iterable[int]) -> None:
    """Take out enrolments about to be deleted (called before the delete, in its transaction)."""
    where = _where(enrolment_ids)
    if where is None:
        return
    deltas: Deltas = {}
    with transaction.atomic(savepoint=False):
        for row in _contributions(where=where, lock=True):
            _contribute(deltas, row, -1)
        counts_apply(deltas)


# --- rebuild ---------------------------------------------------------------------------------


def _models(apps=None) -> tuple:
    """Enrolment, Certificate, DailyCount and Commune: the current models, or a migration's."""
    if apps is None:
        return Enrolment, Certificate, DailyCount, Commune
    labels = ("courses.Enrolment", "courses.Certificate", "courses.DailyCount", "home.Commune")
    return tuple(apps.get_model(label) for label in labels)


def counted_cells(*, commune_ids: list[int] | None = None, apps=None) -> Deltas:
    """The table as the enrolments say it should be (for these communes, or all): three
    grouped queries, the days taken in the site's time zone like `_day`."""
    enrolment, certificate, _count, _commune = _models(apps)
    tz = timezone.get_default_timezone()
    base = enrolment.objects.filter(commune__isnull=False)
    if commune_ids is not None:
        base = base.filter(commune_id__in=commune_ids)
    completed = Q(completed_at__isnull=False)
    queries = (
        (ENROLMENTS, base, "enrolled_at"),
        (COMPLETIONS, base.filter(completed), "completed_at"),
        (
            CERTIFICATES,
            base.filter(completed, certificate_exists_for_enrolment(model=certificate)),
            "completed_at",
        ),
    )
    cells: Deltas = {}
    for measure, queryset, date_field in queries:
        rows = (
            queryset.annotate(day=TruncDate(date_field, tzinfo=tz))
            .values("commune_id", "course_id", "learner_group", "day")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("commune_id", "course_id", "learner_group", "day", "n")
        )
        for commune_id, course_id, group, day, n in rows:
            cells.setdefault((commune_id, course_id, group, day), [0, 0, 0])[measure] = n
    return cells


def table_cells(*, commune_ids: list[int] | None = None, apps=None) -> Deltas:
    """The table's cells (for these communes, or all), zero cells included."""
    queryset = _models(apps)[2].objects.all()
    if commune_ids is not None:
        queryset = queryset.filter(commune_id__in=commune_ids)
    return {
        (c, course, group, day): [e, done, cert]
        for c, course, group, day, e, done, cert in queryset.values_list(
            "commune_id", "course_id", "learner_group", "day", *MEASURES
        )
    }


def _lock_table(table: str) -> None:
    """Make writers' increments wait until the chunk commits; readers are not blocked."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN EXCLUSIVE MODE")


def statistics_rebuild(
    *, chunk: int = REBUILD_COMMUNES_PER_CHUNK, progress=None, apps=None
) -> tuple[int, int]:
    """Count the whole table again from the enrolments; returns (cells counted, cells
    corrected). Each chunk of communes is counted and corrected in its own transaction under
    the table lock, so the site keeps running: a writer's increment waits for the chunk and
    then applies to the corrected counts, which its own uncommitted change was not part of.
    Only differing cells are written (upserts with `update_conflicts`; cells that should not
    exist, zero ones included, are deleted), so a second run writes nothing."""
    _enrolment, _certificate, count_model, commune = _models(apps)
    commune_ids = list(commune.objects.order_by("pk").values_list("pk", flat=True))
    counted = corrected = 0
    for start in range(0, len(commune_ids), chunk):
        ids = commune_ids[start : start + chunk]
        with transaction.atomic():
            _lock_table(count_model._meta.db_table)
            wanted = counted_cells(commune_ids=ids, apps=apps)
            current = table_cells(commune_ids=ids, apps=apps)
            stale = [key for key in current if key not in wanted]
            changed = sorted(key for key, values in wanted.items() if current.get(key) != values)
            for first in range(0, len(stale), 500):
                q = Q()
                for c, course, group, day in stale[first : first + 500]:
                    q |= Q(commune_id=c, course_id=course, learner_group=group, day=day)
                count_model.objects.filter(q).delete()
            count_model.objects.bulk_create(
                [
                    count_model(
                        commune_id=c,
                        course_id=course,
                        learner_group=group,
                        day=day,
                        **dict(zip(MEASURES, wanted[(c, course, group, day)], strict=True)),
                    )
                    for c, course, group, day in changed
                ],
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["commune", "course", "learner_group", "day"],
                update_fields=list(MEASURES),
            )
            counted += len(wanted)
            corrected += len(stale) + len(changed)
        if progress:
            progress(min(start + chunk, len(commune_ids)), len(commune_ids))
    return counted, corrected
