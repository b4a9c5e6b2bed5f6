"""Checking learner rows: places by code or name, scope, groups, e-mails, phones, accounts.

`matching` is pure code over plain data, so the place index here is built straight from the
official list in the `vietnam-provinces` package (what `load_places` loads): 34 provinces and
3,321 communes, where "Xã Lương Sơn" exists in four provinces and folding diacritics makes
"Xã Văn Lang" and "Xã Văn Lăng" of Thái Nguyên alike.
"""

from types import SimpleNamespace

import pytest

from courses.enrolment_import import matching, parsing
from courses.enrolment_import.matching import DuplicateTracker, Scope, account_match, row_check
from home.models import LearnerGroup

pytestmark = pytest.mark.usefixtures("english")

PHU_THO, THANH_HOA, NGHE_AN, LAM_DONG, THAI_NGUYEN, CAO_BANG = 25, 38, 40, 68, 19, 4
LUONG_SON = {PHU_THO: "04924", THANH_HOA: "15628", NGHE_AN: "17641", LAM_DONG: "23032"}


def cells(**values) -> dict[str, str]:
    row = {
        parsing.FULL_NAME: "Lò Thị Bích",
        parsing.EMAIL: "bich@example.vn",
        parsing.PHONE: "",
        parsing.PROVINCE: "",
        parsing.COMMUNE: "",
        parsing.LEARNER_GROUP: "",
        parsing.WORK_UNIT: "",
    }
    row.update(values)
    return row


def check(places, scope=None, **values) -> matching.RowCheck:
    raw = parsing.RawRow(number=7, cells=cells(**values))
    return row_check(raw=raw, places=places, scope=scope or Scope())


def commune_code(places, scope=None, **values) -> str:
    result = check(places, scope, **values)
    assert result.row is not None, result.reasons
    return result.row.commune.code


def reasons(places, scope=None, **values) -> tuple[str, ...]:
    result = check(places, scope, **values)
    assert result.row is None
    return result.reasons


def test_the_index_holds_the_official_list(places):
    assert len(places.provinces_by_code) == 34
    assert len(places.communes_by_code) == 3321


# Communes by code


@pytest.mark.parametrize("code", ["04924", "4924"], ids=["as-written", "leading-zero-lost"])
def test_commune_is_found_by_its_code_even_without_its_leading_zero(places, code):
    assert commune_code(places, commune=code) == "04924"


def test_commune_code_with_its_province_code_is_found(places):
    assert commune_code(places, province="25", commune="04924") == "04924"


def test_commune_code_in_another_province_is_rejected_naming_both(places):
    assert reasons(places, province="Thanh Hóa", commune="04924") == (
        "Commune Xã Lương Sơn is not in Tỉnh Thanh Hóa.",
    )


def test_unknown_commune_code_is_rejected(places):
    assert reasons(places, commune="99998") == ("Unknown commune code “99998”.",)


# Communes by name, within the province


@pytest.mark.parametrize(
    ("province", "commune", "code"),
    [
        ("Phú Thọ", "Xã Lương Sơn", LUONG_SON[PHU_THO]),
        ("phu tho", "xa luong son", LUONG_SON[PHU_THO]),
        ("PHÚ THỌ", "LƯƠNG SƠN", LUONG_SON[PHU_THO]),
        ("Tỉnh Thanh Hóa", "Lương Sơn", LUONG_SON[THANH_HOA]),
        ("40", "luong son", LUONG_SON[NGHE_AN]),
        ("Lâm Đồng", "  Xã   Lương  Sơn ", LUONG_SON[LAM_DONG]),
    ],
)
def test_commune_name_is_matched_within_its_province_ignoring_case_diacritics_and_prefix(
    places, province, commune, code
):
    assert commune_code(places, province=province, commune=commune) == code


@pytest.mark.parametrize(
    "province",
    ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "tp ho chi minh", "Hồ Chí Minh", "79"],
)
def test_city_is_found_with_or_without_thanh_pho(places, province):
    assert commune_code(places, province=province, commune="Phường Sài Gòn") == "26740"


def test_commune_name_without_a_province_lists_the_communes_of_that_name_with_codes(places):
    assert reasons(places, commune="Xã Lương Sơn") == (
        "“Xã Lương Sơn” matches several communes (Xã Lương Sơn (Tỉnh Phú Thọ, 04924), "
        "Xã Lương Sơn (Tỉnh Thanh Hóa, 15628), Xã Lương Sơn (Tỉnh Nghệ An, 17641), "
        "Xã Lương Sơn (Tỉnh Lâm Đồng, 23032)): write the province or the commune's code.",
    )


def test_commune_name_unknown_everywhere_without_a_province_asks_for_one(places):
    assert reasons(places, commune="Xã Không Có") == (
        "Give the province, or the commune's code, to identify “Xã Không Có”.",
    )


def test_commune_name_unique_in_the_country_needs_no_province(places):
    assert commune_code(places, commune="Phường Thục Phán") == "01273"


def test_province_merged_away_in_2025_is_read_as_the_province_it_joined(places):
    """Hòa Bình joined Phú Thọ on 1 July 2025; old lists still name it (decision 022)."""
    result = check(places, province="Hòa Bình", commune="Xã Lương Sơn")

    assert result.row.commune.code == "04924"
    assert result.warnings == ("“Hòa Bình” (before 1 July 2025) read as Tỉnh Phú Thọ.",)


def test_a_province_unknown_before_and_after_2025_is_reported_unknown_with_a_hint(places):
    assert reasons(places, province="Hà Tây Nguyên", commune="Xã Lương Sơn") == (
        "Unknown province “Hà Tây Nguyên”: write one of the 34 provinces in force since "
        "1 July 2025, or its code.",
    )


def test_the_old_province_name_of_a_ward_is_a_commune_name_not_a_province(places):
    assert commune_code(places, province="Phú Thọ", commune="Hòa Bình") == "04795"


def test_commune_unknown_in_the_province_is_rejected_naming_the_province(places):
    assert reasons(places, province="Cao Bằng", commune="Xã Lương Sơn") == (
        "Unknown commune “Xã Lương Sơn” in Tỉnh Cao Bằng.",
    )


def test_names_alike_without_diacritics_are_reported_with_their_candidates(places):
    (reason,) = reasons(places, province="Thái Nguyên", commune="xa van lang")

    assert reason.startswith("“xa van lang” matches several communes (")
    assert "Xã Văn Lăng (05665)" in reason
    assert "Xã Văn Lang (02143)" in reason
    assert reason.endswith("write the commune's code.")


@pytest.mark.parametrize(
    ("commune", "code"), [("Xã Văn Lang", "02143"), ("xã văn lăng", "05665"), ("Văn Lang", "02143")]
)
def test_names_alike_without_diacritics_are_told_apart_by_their_exact_spelling(
    places, commune, code
):
    assert commune_code(places, province="Thái Nguyên", commune=commune) == code


def test_ward_and_commune_of_the_same_folded_name_are_told_apart_by_prefix_or_spelling(places):
    assert commune_code(places, province="Thanh Hóa", commune="phuong dong tien") == "15853"
    assert commune_code(places, province="Thanh Hóa", commune="Đồng Tiến") == "15724"
    (reason,) = reasons(places, province="Thanh Hóa", commune="dong tien")
    assert "Phường Đông Tiến (15853)" in reason
    assert "Xã Đồng Tiến (15724)" in reason


def test_province_named_by_a_code_that_does_not_exist_is_rejected(places):
    assert reasons(places, province="03", commune="04924")[0].startswith("Unknown province “03”")


# Scope


def test_commune_outside_the_province_manager_scope_is_rejected(places):
    scope = Scope(province_id=PHU_THO)

    assert commune_code(places, scope, commune=LUONG_SON[PHU_THO]) == "04924"
    assert reasons(places, scope, commune=LUONG_SON[THANH_HOA]) == (
        "Xã Lương Sơn is outside the area you manage.",
    )


def test_commune_manager_may_import_into_their_commune_only(places):
    scope = Scope(commune_id=1273)

    assert commune_code(places, scope, commune="01273") == "01273"
    assert reasons(places, scope, commune="01279") == (
        "Phường Nùng Trí Cao is outside the area you manage.",
    )


# Groups, names, work units


@pytest.mark.parametrize(
    ("cell", "group"),
    [
        ("Cán bộ, công chức, viên chức", LearnerGroup.OFFICIAL),
        ("cán bộ", LearnerGroup.OFFICIAL),
        ("CBCCVC", LearnerGroup.OFFICIAL),
        ("Tổ công nghệ số cộng đồng", LearnerGroup.DIGITAL_TEAM),
        ("digital_team", LearnerGroup.DIGITAL_TEAM),
        ("Người dân", LearnerGroup.CITIZEN),
        ("Citizen", LearnerGroup.CITIZEN),
        ("", ""),
    ],
)
def test_group_is_read_in_vietnamese_english_or_as_its_value(places, cell, group):
    result = check(places, commune="01273", learner_group=cell)

    assert result.row.learner_group == group


def test_unknown_group_is_rejected_listing_the_groups(places):
    (reason,) = reasons(places, commune="01273", learner_group="Học sinh")

    assert reason.startswith("Unknown group “Học sinh”: write one of ")
    assert "Citizen" in reason


def test_full_name_is_stored_with_single_spaces_and_composed_accents(places):
    result = check(places, commune="01273", full_name="  Lo\u0300   Thi\u0323 Bi\u0301ch ")

    assert result.row.full_name == "Lò Thị Bích"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"full_name": ""}, "The full name is missing."),
        ({"full_name": "A" * 151}, "The full name is too long."),
        ({"commune": ""}, "The commune is missing."),
        ({"work_unit": "B" * 201}, "The work unit is too long."),
        ({"email": "", "phone": ""}, "Give an e-mail address or a phone number."),
    ],
)
def test_missing_or_overlong_cells_are_rejected(places, values, expected):
    assert expected in reasons(places, **{"commune": "01273", **values})


def test_every_problem_of_a_row_is_reported_at_once(places):
    found = reasons(places, full_name="", email="bich@", commune="99998", learner_group="x")

    assert len(found) == 4


@pytest.mark.parametrize(
    "key", [parsing.FULL_NAME, parsing.EMAIL, parsing.COMMUNE, parsing.WORK_UNIT]
)
def test_a_formula_in_any_cell_rejects_the_row(places, key):
    values = {"commune": "01273", key: '=HYPERLINK("http://evil.example")'}

    (reason,) = reasons(places, **values)

    assert reason.endswith("holds a formula; formulas are not accepted.")


# E-mails and phones


@pytest.mark.parametrize(
    "email", ["bich", "bich@", "bich@example", "bich @example.vn", "bích@example.vn,x@y.vn"]
)
def test_malformed_email_is_rejected(places, email):
    assert f"“{email.lower()}” is not a valid e-mail address." in reasons(
        places, commune="01273", email=email
    )


def test_overlong_email_is_rejected(places):
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "vn"

    assert "The e-mail address is too long." in reasons(places, commune="01273", email=email)


def test_email_is_stored_in_lower_case(places):
    assert check(places, commune="01273", email=" Bich@Example.VN ").row.email == "bich@example.vn"


@pytest.mark.parametrize(
    ("cell", "phone"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(+84) 912.345.678", "0912345678"),
        ("912345678", "0912345678"),
        ("02063852123", "02063852123"),
        ("2063852123", "02063852123"),
    ],
)
def test_phone_is_normalised_to_the_national_form(places, cell, phone):
    result = check(places, commune="01273", phone=cell)

    assert result.row.phone == phone


@pytest.mark.parametrize("cell", ["12345", "0123456789", "09123456789", "9.12346E+08", "abc"])
def test_malformed_phone_without_an_email_is_rejected_showing_it_as_written(places, cell):
    assert f"“{cell}” is not a valid Vietnamese phone number." in reasons(
        places, commune="01273", email="", phone=cell
    )


@pytest.mark.parametrize("cell", ["12345", "9.12346E+08", "abc"])
def test_malformed_phone_next_to_a_valid_email_is_left_out_with_a_warning(places, cell):
    result = check(places, commune="01273", phone=cell)

    assert (result.row.email, result.row.phone) == ("bich@example.vn", "")
    assert result.warnings == (
        f"“{cell}” is not a valid Vietnamese phone number: the row was imported without it.",
    )


def test_phone_alone_is_enough_to_check_a_row(places):
    result = check(places, commune="01273", email="", phone="0912345678")

    assert (result.row.email, result.row.phone) == ("", "0912345678")


# Duplicates inside the file


def test_the_same_email_or_phone_later_in_the_file_is_a_duplicate_of_the_first_row(places):
    tracker = DuplicateTracker()
    first = check(places, commune="01273", phone="0912345678").row
    same_email = row_check(
        raw=parsing.RawRow(9, cells(commune="01273", email="BICH@example.vn")),
        places=places,
        scope=Scope(),
    ).row
    same_phone = row_check(
        raw=parsing.RawRow(10, cells(commune="01273", email="x@example.vn", phone="+84912345678")),
        places=places,
        scope=Scope(),
    ).row
    other = row_check(
        raw=parsing.RawRow(11, cells(commune="01273", email="y@example.vn")),
        places=places,
        scope=Scope(),
    ).row

    assert tracker.reason(first) is None
    assert tracker.reason(same_email) == "The same person as row 7 (same e-mail or phone)."
    assert tracker.reason(same_phone) == "The same person as row 7 (same e-mail or phone)."
    assert tracker.reason(other) is None


# Accounts


def account(pk=1, *, commune_id=4924, staff=False):
    return SimpleNamespace(pk=pk, commune_id=commune_id, is_staff=staff, is_superuser=False)


@pytest.fixture
def phu_tho_row(places):
    return check(places, commune="04924", phone="0912345678").row


def test_row_naming_nobody_creates_an_account(places, phu_tho_row):
    match = account_match(
        row=phu_tho_row, by_email=None, by_phone=None, scope=Scope(), places=places
    )

    assert (match.account, match.reason) == (None, None)


def test_new_account_without_an_email_is_refused(places):
    row = check(places, commune="04924", email="", phone="0912345678").row

    match = account_match(row=row, by_email=None, by_phone=None, scope=Scope(), places=places)

    assert match.reason == "A new account needs an e-mail address."


def test_email_and_phone_of_the_same_account_match_it(places, phu_tho_row):
    person = account()

    match = account_match(
        row=phu_tho_row, by_email=person, by_phone=person, scope=Scope(), places=places
    )

    assert match.account is person


def test_email_and_phone_of_two_accounts_are_refused(places, phu_tho_row):
    match = account_match(
        row=phu_tho_row, by_email=account(1), by_phone=account(2), scope=Scope(), places=places
    )

    assert match.reason == "The e-mail and the phone number belong to two different accounts."


def test_phone_of_an_account_with_another_email_is_refused(places, phu_tho_row):
    match = account_match(
        row=phu_tho_row, by_email=None, by_phone=account(), scope=Scope(), places=places
    )

    assert match.reason == "The phone number belongs to an account with another e-mail address."


def test_phone_only_row_matches_the_account_with_that_phone(places):
    row = check(places, commune="04924", email="", phone="0912345678").row
    person = account()

    match = account_match(row=row, by_email=None, by_phone=person, scope=Scope(), places=places)

    assert match.account is person


def test_staff_accounts_are_never_changed_by_an_import(places, phu_tho_row):
    match = account_match(
        row=phu_tho_row, by_email=account(staff=True), by_phone=None, scope=Scope(), places=places
    )

    assert match.reason == "Staff and administrator accounts are not changed by imports."


def test_account_of_a_commune_outside_the_scope_cannot_be_taken_over(places, phu_tho_row):
    person = account(commune_id=15628)

    match = account_match(
        row=phu_tho_row,
        by_email=person,
        by_phone=None,
        scope=Scope(province_id=PHU_THO),
        places=places,
    )

    assert match.reason == (
        "This person's account belongs to a commune outside the area you manage."
    )


def test_account_without_a_commune_may_be_placed_by_a_province_manager(places, phu_tho_row):
    person = account(commune_id=None)

    match = account_match(
        row=phu_tho_row,
        by_email=person,
        by_phone=None,
        scope=Scope(province_id=PHU_THO),
        places=places,
    )

    assert match.account is person


@pytest.mark.django_db
def test_the_index_loaded_from_the_database_after_load_places_matches_the_same_way():
    from courses.enrolment_import.services import place_index_load
    from home.places import places_load

    places_load()
    index = place_index_load()

    assert len(index.communes_by_code) == 3321
    assert commune_code(index, province="Phú Thọ", commune="xa luong son") == "04924"
    assert commune_code(index, province="Thành phố Hà Nội", commune="Phường Ba Đình") == "00004"
