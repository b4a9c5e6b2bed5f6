import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from home.models import User
from home.validators import normalise_full_name, normalise_phone, validate_vietnamese_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("(091) 234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 24 3987 6543", "02439876543"),
        ("842439876543", "02439876543"),
        ("02439876543", "02439876543"),
    ],
)
def test_normalise_phone_gives_the_national_form(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "phone", ["0912345678", "0388 123 456", "+84 777 123 456", "0283 822 1234", "842439876543"]
)
def test_validate_vietnamese_phone_accepts_mobiles_and_landlines(phone):
    validate_vietnamese_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "091234567",
        "09123456789",
        "0123456789",
        "0612345678",
        "1912345678",
        "phone",
        "+1 912 345 678",
    ],
)
def test_validate_vietnamese_phone_refuses_malformed_numbers(phone):
    with pytest.raises(ValidationError) as error:
        validate_vietnamese_phone(phone)

    assert error.value.code == "invalid_phone"


def test_normalise_full_name_composes_accents_and_collapses_spaces():
    assert normalise_full_name("  Nguye\u0302\u0303n   Thi\u0323\tHà ") == "Nguyễn Thị Hà"


@pytest.mark.parametrize(
    "password",
    [
        "Nguyễn Thị Hồng Nhung",
        "nguyenthihongnhung",
        "NguyenThiHongNhung",
        "nhung.nguyen@example.vn",
    ],
)
def test_password_close_to_the_full_name_or_email_is_refused(password):
    user = User(full_name="Nguyễn Thị Hồng Nhung", email="nhung.nguyen@example.vn")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=user)

    assert "password_too_similar" in [error.code for error in refused.value.error_list]


def test_password_unlike_the_accounts_details_is_accepted():
    user = User(full_name="Nguyễn Thị Hồng Nhung", email="nhung.nguyen@example.vn")

    validate_password("Hoc-vu-so-2025!", user=user)
