"""Small-count suppression of open data, as a pure function: rows of 1 to minimum - 1
learners lose their counts, and one more row when a single one could be found by subtraction."""

from courses.api.open_data import OpenRow, small_counts_suppress
from courses.reports.selectors import Figures


def _row(code: str, learners: int) -> OpenRow:
    return OpenRow.of(
        code=code,
        name=code,
        figures=Figures(learners=learners, enrolments=learners, completions=0, target=7),
    )


def _suppressed(rows) -> list[str]:
    return [row.code for row in small_counts_suppress(rows, minimum=5) if row.suppressed]


def test_rows_at_or_above_the_minimum_and_empty_rows_stay():
    assert _suppressed([_row("a", 5), _row("b", 0), _row("c", 900)]) == []


def test_a_single_small_row_takes_the_smallest_other_row_with_learners_along():
    assert _suppressed([_row("a", 3), _row("b", 0), _row("c", 40), _row("d", 12)]) == ["a", "d"]


def test_two_small_rows_hide_each_other():
    assert _suppressed([_row("a", 1), _row("b", 4), _row("c", 40)]) == ["a", "b"]


def test_a_single_small_row_alone_is_suppressed_anyway():
    assert _suppressed([_row("a", 2), _row("b", 0)]) == ["a"]


def test_a_suppressed_row_keeps_its_place_and_target_but_no_count_or_rate():
    (row,) = small_counts_suppress([_row("a", 2)], minimum=5)

    assert (row.code, row.target, row.suppressed) == ("a", 7, True)
    assert (row.learners, row.enrolments, row.completions, row.certificates) == (None,) * 4
    assert (row.completion_rate, row.target_rate) == (None, None)
