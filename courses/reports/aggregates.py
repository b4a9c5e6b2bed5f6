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

Distinct learners (`DailyLearnerCount`, docs/decisions/032-distinct-learners.md) are kept by
the same calls: a learner counts once per area on the day of their first enrolment there, so
a change of one enrolment is a difference of its learner's contributions over all their
enrolments. The learner's row is locked before they are read, so that two changes of one
learner's enrolments (a new one included) count one after the other. `learners_rebuild`
counts that table again, per chunk of communes, of provinces, then the nation.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from courses.certificates.reports import certificate_exists_for_enrolment
from courses.models import Certificate, DailyCount, DailyLearnerCount, Enrolment
from home.models import Commune, Province

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
    _learner_id, commune_id, course_id, group, enrolled_at, completed_at, certified = row
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
            "learner_id",
            "commune_id",
            "course_id",
            "learner_group",
            "enrolled_at",
            "completed_at",
            "certified",
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
def counts_kept(
    *, enrolment_ids: Iterable[int] = (), where: Q | None = None, learners: bool = True
) -> Iterator[None]:
    """Keep the tables in step with a change of these enrolments (by id, or those matching
    `where`) made inside the block: their commune, group, dates, completion or certificate.
    `learners=False` for a change that cannot move a learner's first enrolment in an area (a
    completion, a certificate): the distinct learners are then not read.
    Runs in a transaction: the rows stay locked from the first read to the commit, so
    concurrent changes of one enrolment count one after the other."""
    where = where if where is not None else _where(enrolment_ids)
    if where is None:
        yield
        return
    with transaction.atomic(savepoint=False):
        change = CountedChange(where=where, learners=learners)
        yield
        change.finish()


class CountedChange:
    """`counts_kept` in two calls, for changes made between a pre_ and a post_ signal."""

    def __init__(self, *, where: Q, learners: bool = True):
        self.where = where
        self.before = _contributions(where=where, lock=connection.in_atomic_block)
        self.learners = (
            LearnerChange(learner_ids=[row[0] for row in self.before])
            if learners and self.before
            else None
        )

    def finish(self) -> None:
        deltas: Deltas = {}
        for row in self.before:
            _contribute(deltas, row, -1)
        for row in _contributions(where=self.where, lock=False):
            _contribute(deltas, row, +1)
        counts_apply(deltas)
        if self.learners is not None:
            self.learners.finish()


def counts_added(*, enrolments: list[Enrolment]) -> None:
    """Count enrolments just inserted, from the instances (no read): a new enrolment is
    usually not completed; one that is (test data, a repair) is read back with its
    certificate."""
    deltas: Deltas = {}
    completed = []
    for e in enrolments:
        if e.completed_at is not None:
            completed.append(e.pk)
            continue
        row = (e.learner_id, e.commune_id, e.course_id, e.learner_group, e.enrolled_at, None, False)
        _contribute(deltas, row, +1)
    if completed:
        for row in _contributions(where=Q(pk__in=completed), lock=False):
            _contribute(deltas, row, +1)
    counts_apply(deltas)
    learners_added(enrolments=enrolments)


def counts_removed(*, enrolment_ids: Iterable[int]) -> None:
    """Take out enrolments about to be deleted (called before the delete, in its transaction).
    Their learners are counted by `learners_leaving` and `learners_left`."""
    where = _where(enrolment_ids)
    if where is None:
        return
    deltas: Deltas = {}
    with transaction.atomic(savepoint=False):
        for row in _contributions(where=where, lock=True):
            _contribute(deltas, row, -1)
        counts_apply(deltas)


# --- distinct learners -----------------------------------------------------------------------

NATION = DailyLearnerCount.Level.NATION
PROVINCE = DailyLearnerCount.Level.PROVINCE
COMMUNE = DailyLearnerCount.Level.COMMUNE
LEARNERS_PER_READ = 500

LearnerCell = tuple[str, str, str, dt.date]


def _learner_rows(learner_ids: Iterable[int], *, lock: bool) -> list[tuple]:
    """(learner, enrolment, commune code, province code, group, enrolled at) of every enrolment
    with a commune of these learners; with `lock`, each learner's row is locked first (in id
    order, before the read, so that the read sees what an earlier writer committed)."""
    ids = sorted({pk for pk in learner_ids if pk is not None})
    rows = []
    for start in range(0, len(ids), LEARNERS_PER_READ):
        chunk = ids[start : start + LEARNERS_PER_READ]
        if lock:
            # NO KEY UPDATE: enrolments being inserted for the learner hold KEY SHARE on the
            # row (their foreign key), which a plain FOR UPDATE would deadlock against.
            locked = get_user_model().objects.select_for_update(no_key=True).filter(pk__in=chunk)
            list(locked.order_by("pk").values_list("pk", flat=True))
        rows += Enrolment.objects.filter(learner_id__in=chunk, commune__isnull=False).values_list(
            "learner_id", "pk", "commune__code", "province__code", "learner_group", "enrolled_at"
        )
    return rows


def _learner_cells(rows: Iterable[tuple], *, without: frozenset = frozenset()) -> Counter:
    """The cells these enrolments make each learner count in: per area (the nation, the
    province, the commune) and group (all, and the enrolment's own), the day of the learner's
    first enrolment there. Enrolments in `without` are left out."""
    firsts: dict[tuple, dt.datetime] = {}
    for learner_id, pk, commune, province, group, enrolled_at in rows:
        if pk in without:
            continue
        for level, place in ((NATION, ""), (PROVINCE, province), (COMMUNE, commune)):
            if place is None:
                continue
            for learner_group in (
                DailyLearnerCount.ALL_GROUPS,
                group or DailyLearnerCount.NO_GROUP,
            ):
                key = (learner_id, level, place, learner_group)
                if key not in firsts or enrolled_at < firsts[key]:
                    firsts[key] = enrolled_at
    return Counter(
        (level, place, learner_group, _day(first))
        for (_learner, level, place, learner_group), first in firsts.items()
    )


def learners_apply(*, before: Counter, after: Counter) -> None:
    """Add the difference between two contributions to the learner table: one upsert per batch
    of cells, in a fixed order."""
    deltas = Counter(after)
    deltas.subtract(before)
    rows = [(*cell, n) for cell, n in sorted(deltas.items()) if n]
    if not rows:
        return
    table = connection.ops.quote_name(DailyLearnerCount._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (level, place, learner_group, day, learners) "  # noqa: S608 - fixed names
                f"VALUES {values} ON CONFLICT (level, place, learner_group, day) "
                f"DO UPDATE SET learners = {table}.learners + excluded.learners",
                [value for row in batch for value in row],
            )


class LearnerChange:
    """The learners' contributions read (their rows locked) before a change of their
    enrolments, and the difference applied after it (`finish`). Runs in a transaction."""

    def __init__(self, *, learner_ids: Iterable[int]):
        self.learner_ids = sorted({pk for pk in learner_ids if pk is not None})
        self.before = _learner_cells(_learner_rows(self.learner_ids, lock=True))

    def finish(self) -> None:
        if self.learner_ids:
            after = _learner_cells(_learner_rows(self.learner_ids, lock=False))
            learners_apply(before=self.before, after=after)


@contextmanager
def learners_kept(*, learner_ids: Iterable[int]) -> Iterator[None]:
    """Keep the learner table in step with a change of these learners' enrolments made in the
    block that leaves the enrolment table's counts alone (a commune moved to another province
    changes the enrolments' province, not their commune)."""
    with transaction.atomic(savepoint=False):
        change = LearnerChange(learner_ids=learner_ids)
        yield
        change.finish()


def learners_added(*, enrolments: list[Enrolment]) -> None:
    """Count the learners of enrolments just inserted: one lock, one read of all their
    enrolments (the new ones left out for the contributions before) and one upsert."""
    new = frozenset(e.pk for e in enrolments if e.commune_id is not None)
    if not new:
        return
    with transaction.atomic(savepoint=False):
        rows = _learner_rows((e.learner_id for e in enrolments), lock=True)
        learners_apply(before=_learner_cells(rows, without=new), after=_learner_cells(rows))


def _leaving(origin) -> dict:
    return origin.__dict__.setdefault("_learners_leaving", {})


def learners_leaving(*, learner_id: int, origin) -> None:
    """Before a deletion (`origin`, the instance or queryset deleted) takes enrolments of this
    learner: note their contributions, once per learner, since a cascade deletes many
    enrolments of one learner before any post_delete signal is sent."""
    leaving = _leaving(origin)
    if learner_id is not None and learner_id not in leaving:
        leaving[learner_id] = LearnerChange(learner_ids=[learner_id])


def learners_left(*, learner_id: int, origin) -> None:
    """After the deletion's enrolments are gone: apply the learner's difference, once."""
    change = _leaving(origin).pop(learner_id, None)
    if change is not None:
        change.finish()


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


# --- rebuild of the learner table ------------------------------------------------------------

REBUILD_PROVINCES_PER_CHUNK = 5


def _learner_models(apps=None) -> tuple:
    """Enrolment, DailyLearnerCount, Commune and Province: the current models, or a
    migration's."""
    if apps is None:
        return Enrolment, DailyLearnerCount, Commune, Province
    labels = ("courses.Enrolment", "courses.DailyLearnerCount", "home.Commune", "home.Province")
    return tuple(apps.get_model(label) for label in labels)


def _first_day_counts(queryset, *, unit: str | None, by_group: bool) -> list[tuple]:
    """(unit, [group,] day, learners): learners counted on the local day of their first
    enrolment per unit (and group), in one grouped query over a grouped subquery."""
    keys = [name for name in (unit, "learner_group" if by_group else None) if name]
    firsts = (
        queryset.values("learner_id", *keys)
        .annotate(first_day=TruncDate(Min("enrolled_at"), tzinfo=timezone.get_default_timezone()))
        .order_by()
    )
    sql, params = firsts.query.get_compiler(using=queryset.db).as_sql()
    columns = ", ".join(connection.ops.quote_name(name) for name in (*keys, "first_day"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*) FROM ({sql}) firsts GROUP BY {columns}",  # noqa: S608 - fixed names
            params,
        )
        rows = cursor.fetchall()
    if unit is None:
        rows = [(None, *row) for row in rows]
    if not by_group:
        rows = [(place, DailyLearnerCount.ALL_GROUPS, *rest) for place, *rest in rows]
    return rows


def _as_day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def counted_learner_cells(
    *, level: str, place_ids: list[int] | None = None, apps=None
) -> dict[LearnerCell, int]:
    """The learner table's cells of these communes or provinces (or the nation) as the
    enrolments say they should be: four grouped queries at most."""
    enrolment, _count, commune, province = _learner_models(apps)
    queryset = enrolment.objects.filter(commune__isnull=False)
    unit, codes = None, {None: ""}
    if level == COMMUNE:
        unit, places = "commune_id", commune.objects.all()
    elif level == PROVINCE:
        unit, places = "province_id", province.objects.all()
    if unit is not None:
        if place_ids is not None:
            queryset = queryset.filter(**{f"{unit}__in": place_ids})
            places = places.filter(pk__in=place_ids)
        codes = dict(places.values_list("pk", "code"))
    cells = {}
    for by_group in (False, True):
        for place, group, day, n in _first_day_counts(queryset, unit=unit, by_group=by_group):
            if place not in codes:
                continue
            group = group if not by_group else group or DailyLearnerCount.NO_GROUP
            cells[(level, codes[place], group, _as_day(day))] = n
    return cells


def learner_table_cells(
    *, level: str | None = None, places: list[str] | None = None, apps=None
) -> dict[LearnerCell, int]:
    """The learner table's cells (of a level and these place codes, or all), zero ones
    included."""
    queryset = _learner_models(apps)[1].objects.all()
    if level is not None:
        queryset = queryset.filter(level=level)
    if places is not None:
        queryset = queryset.filter(place__in=places)
    return {
        (level, place, group, day): n
        for level, place, group, day, n in queryset.values_list(
            "level", "place", "learner_group", "day", "learners"
        )
    }


def learners_rebuild(
    *,
    chunk: int = REBUILD_COMMUNES_PER_CHUNK,
    province_chunk: int = REBUILD_PROVINCES_PER_CHUNK,
    progress=None,
    apps=None,
) -> tuple[int, int]:
    """Count the learner table again from the enrolments; returns (cells counted, cells
    corrected). A chunk of communes, then of provinces, then the nation, each in its own
    transaction under the table lock (as `statistics_rebuild`); only differing cells are
    written and cells of places that no longer exist are deleted, so a second run writes
    nothing."""
    _enrolment, count_model, commune, province = _learner_models(apps)
    commune_ids = list(commune.objects.order_by("pk").values_list("pk", flat=True))
    province_ids = list(province.objects.order_by("pk").values_list("pk", flat=True))
    chunks = [
        (COMMUNE, commune_ids[start : start + chunk]) for start in range(0, len(commune_ids), chunk)
    ]
    chunks += [
        (PROVINCE, province_ids[start : start + province_chunk])
        for start in range(0, len(province_ids), province_chunk)
    ]
    chunks.append((NATION, None))
    counted = corrected = 0
    for done, (level, ids) in enumerate(chunks, start=1):
        with transaction.atomic():
            _lock_table(count_model._meta.db_table)
            wanted = counted_learner_cells(level=level, place_ids=ids, apps=apps)
            if level == NATION:
                places = [""]
            else:
                places_model = commune if level == COMMUNE else province
                places = list(
                    places_model.objects.filter(pk__in=ids).values_list("code", flat=True)
                )
            current = learner_table_cells(level=level, places=places, apps=apps)
            stale = [key for key in current if key not in wanted]
            changed = sorted(key for key, n in wanted.items() if current.get(key) != n)
            _learner_cells_delete(count_model, stale)
            count_model.objects.bulk_create(
                [
                    count_model(level=lv, place=place, learner_group=group, day=day, learners=n)
                    for (lv, place, group, day), n in ((key, wanted[key]) for key in changed)
                ],
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["level", "place", "learner_group", "day"],
                update_fields=["learners"],
            )
            counted += len(wanted)
            corrected += len(stale) + len(changed)
        if progress:
            progress(done, len(chunks))
    with transaction.atomic():
        gone = count_model.objects.filter(
            (Q(level=COMMUNE) & ~Q(place__in=commune.objects.values("code")))
            | (Q(level=PROVINCE) & ~Q(place__in=province.objects.values("code")))
            | (Q(level=NATION) & ~Q(place=""))
        )
        corrected += gone.delete()[0]
    return counted, corrected


def _learner_cells_delete(count_model, cells: list[LearnerCell]) -> None:
    for first in range(0, len(cells), 500):
        q = Q()
        for level, place, group, day in cells[first : first + 500]:
            q |= Q(level=level, place=place, learner_group=group, day=day)
        count_model.objects.filter(q).delete()
