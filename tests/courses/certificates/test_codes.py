import pytest

from courses.certificates.codes import (
    ALPHABET,
    LENGTH,
    RANDOM_BITS,
    code_display,
    code_generate,
    code_normalise,
)


def test_a_code_carries_at_least_128_random_bits():
    assert RANDOM_BITS >= 128
    assert len(ALPHABET) == 32
    code = code_generate()
    assert len(code) == LENGTH
    assert set(code) <= set(ALPHABET)


def test_codes_do_not_repeat():
    assert len({code_generate() for _ in range(2000)}) == 2000


def test_a_code_is_shown_in_groups_of_four():
    code = "0123456789ABCDEFGHJKMNPQRSTV"
    assert code_display(code) == "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV"


@pytest.mark.parametrize(
    "typed",
    [
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV",
        "0123456789abcdefghjkmnpqrstv",
        " 0123 4567 89ab cdef ghjk mnpq rstv ",
        "O123-4567-89AB-CDEF-GHJK-MNPQ-RSTV",  # letter O for zero
    ],
)
def test_typed_and_scanned_codes_are_normalised(typed):
    assert code_normalise(typed) == "0123456789ABCDEFGHJKMNPQRSTV"


def test_i_and_l_read_as_one():
    assert code_normalise("I123456789ABCDEFGHJKMNPQRSTV") == "1123456789ABCDEFGHJKMNPQRSTV"
    assert code_normalise("l123456789ABCDEFGHJKMNPQRSTV") == "1123456789ABCDEFGHJKMNPQRSTV"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0123",
        "0123456789ABCDEFGHJKMNPQRSTVW",  # one character too many
        "0123456789ABCDEFGHJKMNPQRSTU",  # U is not in the alphabet
        "0123456789ABCDEFGHJKMNPQRST!",
        "../../etc/passwd",
        "x" * 10_000,
        "".join(chr(0xFF10 + digit) for digit in range(10)) + "ABCDEFGHJKMNPQRSTV",  # full width
    ],
)
def test_malformed_codes_are_refused(typed):
    assert code_normalise(typed) is None
