import pytest
from playwright.sync_api import expect

from home.models import Commune, LearnerGroup, User
from home.places import places_load
from home.selectors import commune_list_for_province
from tests.e2e.browser import DESKTOP_VIEWPORT, elements_sticking_out, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

FULL_NAME = "Nguyễn Thị Hồng Nhung"
WORK_UNIT = "Tổ công nghệ số cộng đồng"
PASSWORD = "Hoc-vu-so-2025!"
SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
SIGN_OUT_BUTTON = "header form[action='/accounts/logout/'] button[type=submit]"
SIGN_IN_LINK = f"header a[href='{LOGIN_URL}']"
SIGNUP_SUBMIT = f"form[action='{SIGNUP_URL}'] > button[type=submit]"


@pytest.fixture
def places():
    places_load()


def fill_signup_details(page, *, full_name, email, phone, province):
    page.fill("#id_full_name", full_name)
    page.fill("#id_email", email)
    page.fill("#id_phone", phone)
    page.select_option("#id_province", value=province.code)


def fill_rest_of_signup(page, *, commune):
    page.select_option("#id_commune", value=commune.code)
    page.select_option("#id_learner_group", value=LearnerGroup.DIGITAL_TEAM)
    page.fill("#id_work_unit", WORK_UNIT)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click(SIGNUP_SUBMIT)


def commune_options(commune):
    """The commune list as the form shows it: a placeholder, then the province's communes in
    Vietnamese alphabetical order of their proper names."""
    communes = commune_list_for_province(province_code=commune.province.code)
    return ["", *(c.code for c in communes)]


def test_learner_signs_up_with_a_commune_signs_out_and_signs_in_again(places, page, network_log):
    commune = Commune.objects.select_related("province").get(name="Phường Thục Phán")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("section.hero h1")).to_be_visible()
    page.click(f"header a[href='{SIGNUP_URL}']")
    expect(page).to_have_url(SIGNUP_URL)
    expect(page.locator("[data-show-communes]")).to_be_hidden()
    assert elements_sticking_out(page) == []
    fill_signup_details(
        page,
        full_name=FULL_NAME,
        email="nhung@example.vn",
        phone="0912 345 678",
        province=commune.province,
    )
    expect(page.locator("#id_commune option")).to_have_count(len(commune_options(commune)))
    assert page.eval_on_selector_all(
        "#id_commune option", "options => options.map(o => o.value)"
    ) == commune_options(commune)
    screenshot(page, "signup-filled-360")
    fill_rest_of_signup(page, commune=commune)

    expect(page).to_have_url("/")
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()
    user = User.objects.select_related("commune__province").get(email="nhung@example.vn")
    assert user.full_name == FULL_NAME
    assert user.commune == commune
    assert user.province == commune.province
    assert user.phone == "0912345678"
    assert user.learner_group == LearnerGroup.DIGITAL_TEAM
    assert user.work_unit == WORK_UNIT

    page.click(SIGN_OUT_BUTTON)
    expect(page.locator(SIGN_IN_LINK)).to_be_visible()
    expect(page.locator(SIGN_OUT_BUTTON)).to_have_count(0)

    page.goto(LOGIN_URL)
    page.fill("#id_login", "nhung@example.vn")
    page.fill("#id_password", PASSWORD)
    page.click(f"form[action='{LOGIN_URL}'] button[type=submit]")
    expect(page).to_have_url("/")
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()

    assert elements_sticking_out(page) == []
    screenshot(page, "home-signed-in-360")
    page.set_viewport_size(DESKTOP_VIEWPORT)
    screenshot(page, "home-signed-in-1280")
    assert network_log.outside_live_server() == []


def test_learner_signs_up_without_javascript_using_the_show_communes_button(
    places, new_page, network_log
):
    commune = Commune.objects.select_related("province").get(name="Xã Lóng Sập")
    page = new_page(java_script_enabled=False)

    page.goto(SIGNUP_URL)
    expect(page.locator("#id_commune option")).to_have_count(1)
    fill_signup_details(
        page,
        full_name=FULL_NAME,
        email="nhung.sonla@example.vn",
        phone="",
        province=commune.province,
    )
    page.click("button[name=show_communes]")

    expect(page.locator("#id_commune option")).to_have_count(len(commune_options(commune)))
    expect(page.locator("#id_full_name")).to_have_value(FULL_NAME)
    expect(page.locator("#id_email")).to_have_value("nhung.sonla@example.vn")
    expect(page.locator("#id_province")).to_have_value(commune.province.code)
    screenshot(page, "signup-no-javascript-communes-shown-360")
    fill_rest_of_signup(page, commune=commune)

    expect(page).to_have_url("/")
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()
    user = User.objects.select_related("commune__province").get(email="nhung.sonla@example.vn")
    assert user.full_name == FULL_NAME
    assert user.commune == commune
    assert user.province == commune.province
    assert user.phone == ""
    assert network_log.outside_live_server() == []
