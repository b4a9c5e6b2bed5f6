import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings

from home.factories import UserFactory
from home.forms import SignupForm
from home.models import CommuneChange, LearnerGroup, User

SIGNUP_URL = "/accounts/signup/"
PASSWORD = "Hoc-vu-so-2025!"


def signup_data(province, **overrides):
    commune = province.communes.order_by("code").first()
    return {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "email": "nhung@example.vn",
        "phone": "0912 345 678",
        "province": province.code,
        "commune": commune.code,
        "learner_group": LearnerGroup.DIGITAL_TEAM,
        "work_unit": "Tổ công nghệ số cộng đồng",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


@pytest.mark.django_db
def test_learner_signs_up_with_profile_and_commune_and_is_logged_in(client, cao_bang):
    data = signup_data(cao_bang)

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 302
    user = User.objects.get(email="nhung@example.vn")
    assert user.full_name == "Nguyễn Thị Hồng Nhung"
    assert user.phone == "0912345678"
    assert user.commune.code == data["commune"]
    assert user.province == cao_bang
    assert user.learner_group == LearnerGroup.DIGITAL_TEAM
    assert user.work_unit == "Tổ công nghệ số cộng đồng"
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_signup_records_the_first_commune_in_the_history(client, cao_bang):
    client.post(SIGNUP_URL, signup_data(cao_bang))

    change = CommuneChange.objects.get()
    assert change.user.email == "nhung@example.vn"
    assert change.old_commune is None
    assert change.new_commune == change.user.commune
    assert change.changed_at is not None


@pytest.mark.django_db
def test_signup_accepts_an_empty_phone_and_work_unit(client, cao_bang):
    client.post(SIGNUP_URL, signup_data(cao_bang, phone="", work_unit=""))

    user = User.objects.get(email="nhung@example.vn")
    assert (user.phone, user.work_unit) == ("", "")


@pytest.mark.django_db
def test_signup_stores_the_full_name_composed_and_single_spaced(client, cao_bang):
    decomposed = "Nguye\u0302\u0303n  Thi\u0323   Hồng Nhung "

    client.post(SIGNUP_URL, signup_data(cao_bang, full_name=decomposed))

    assert User.objects.get().full_name == "Nguyễn Thị Hồng Nhung"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "overrides", "code"),
    [
        ("commune", {"commune": "04045"}, "commune_outside_province"),
        ("commune", {"commune": "00000"}, "unknown_commune"),
        ("full_name", {"full_name": "Nguyễn " * 30}, "max_length"),
        ("phone", {"phone": "0123 456"}, "invalid_phone"),
        ("phone", {"phone": "+84 1234 56789"}, "invalid_phone"),
    ],
    ids=[
        "commune-of-another-province",
        "unknown-commune",
        "long-name",
        "short-phone",
        "bad-prefix",
    ],
)
def test_signup_form_refuses_bad_input_with_its_own_error(cao_bang, son_la, field, overrides, code):
    form = SignupForm(data=signup_data(cao_bang, **overrides))

    assert not form.is_valid()
    assert form.has_error(field, code=code), form.errors.as_data()


@pytest.mark.django_db
@pytest.mark.parametrize("same_phone", ["0912345678", "0912 345 678", "+84 912 345 678"])
def test_signup_form_refuses_a_phone_already_used_in_any_format(cao_bang, same_phone):
    UserFactory(phone="0912345678")

    form = SignupForm(data=signup_data(cao_bang, phone=same_phone))

    assert not form.is_valid()
    assert form.has_error("phone", code="phone_taken")


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["Nguyễn Thị Hồng Nhung", "nguyenthihongnhung"])
def test_signup_form_refuses_a_password_that_is_the_full_name(cao_bang, password):
    form = SignupForm(data=signup_data(cao_bang, password1=password, password2=password))

    assert not form.is_valid()
    assert form.has_error("password1", code="password_too_similar")


# The Vietnamese messages come from locale/vi; each bad input is refused with its own message,
# on the form, and no account is made.
BAD_INPUT_MESSAGES = [
    pytest.param(
        {"commune": "04045"},
        "Xã Lóng Sập không thuộc Tỉnh Cao Bằng. Hãy chọn một xã, phường, đặc khu của tỉnh, "
        "thành phố đó.",
        id="commune-of-another-province",
    ),
    pytest.param(
        {"commune": "00000"},
        "Không có xã, phường, đặc khu nào có mã “00000”.",
        id="unknown-commune",
    ),
    pytest.param(
        {"full_name": "Nguyễn " * 30},
        "Giá trị này chỉ có tối đa 150 kí tự (hiện có 209)",
        id="long-name",
    ),
    pytest.param(
        {"phone": "091234"},
        "Nhập số điện thoại Việt Nam hợp lệ, ví dụ 0912 345 678.",
        id="malformed-phone",
    ),
    pytest.param(
        {"phone": "+84 912 345 678"},
        "Số điện thoại này đã được một tài khoản khác sử dụng.",
        id="phone-already-used",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT_MESSAGES)
def test_signup_page_shows_a_vietnamese_message_and_creates_no_account(
    client, cao_bang, son_la, vietnamese_catalogue, overrides, message
):
    UserFactory(email="existing@example.vn", phone="0912345678")

    response = client.post(SIGNUP_URL, signup_data(cao_bang, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="nhung@example.vn").exists()
    assert not EmailAddress.objects.filter(email="nhung@example.vn").exists()


@pytest.mark.django_db
def test_show_communes_returns_the_communes_of_the_province_without_errors_or_account(
    client, cao_bang, son_la
):
    data = signup_data(son_la, commune="", password2="", show_communes="1")

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert not form.errors
    assert [code for code, _label in form.fields["commune"].widget.choices] == [
        "",
        *son_la.communes.order_by("name").values_list("code", flat=True),
    ]
    assert form["full_name"].value() == "Nguyễn Thị Hồng Nhung"
    assert form["province"].value() == son_la.code
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_show_communes_does_not_echo_the_password(client, cao_bang):
    response = client.post(SIGNUP_URL, signup_data(cao_bang, show_communes="1"))

    assert PASSWORD not in response.content.decode()


@pytest.mark.django_db
def test_signup_page_lists_the_communes_of_the_chosen_province_after_an_error(
    client, cao_bang, son_la
):
    response = client.post(SIGNUP_URL, signup_data(cao_bang, phone="091234"))

    choices = response.context["form"].fields["commune"].widget.choices
    assert {code for code, _label in choices} - {""} == set(
        cao_bang.communes.values_list("code", flat=True)
    )


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_mandatory_email_verification_sends_a_confirmation_and_does_not_log_in(client, cao_bang):
    response = client.post(SIGNUP_URL, signup_data(cao_bang))

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nhung@example.vn"]
    assert not EmailAddress.objects.get(email="nhung@example.vn").verified
    # The profile is kept while the address waits for confirmation.
    assert User.objects.get(email="nhung@example.vn").commune is not None


@pytest.mark.django_db
def test_without_email_verification_no_confirmation_is_sent(client, cao_bang):
    client.post(SIGNUP_URL, signup_data(cao_bang))

    assert mail.outbox == []


CLASS_SIZE = 30  # a commune training session; the old limit (20 a minute) turned a third away


@pytest.mark.django_db
def test_a_training_class_behind_one_ip_address_can_all_sign_up(cao_bang):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()  # rate-limit counters of earlier tests
    statuses = []
    for n in range(CLASS_SIZE):
        client = Client(REMOTE_ADDR="203.113.1.7")
        data = signup_data(cao_bang, email=f"hocvien{n}@example.vn", phone="")
        statuses.append(client.post(SIGNUP_URL, data).status_code)

    assert statuses == [302] * CLASS_SIZE
    assert User.objects.filter(email__startswith="hocvien").count() == CLASS_SIZE


@pytest.mark.django_db
def test_signups_from_one_ip_address_are_still_limited(cao_bang, settings):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = []
    for n in range(4):
        client = Client(REMOTE_ADDR="203.113.1.8")  # a new visitor each time, same address
        data = signup_data(cao_bang, email=f"x{n}@example.vn", phone="")
        statuses.append(client.post(SIGNUP_URL, data).status_code)

    assert statuses == [302, 302, 302, 429]
    assert User.objects.filter(email__startswith="x").count() == 3
