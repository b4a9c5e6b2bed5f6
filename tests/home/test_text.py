import pytest

from home.factories import CommuneFactory, ProvinceFactory
from home.selectors import commune_list_for_province, province_list
from home.text import fold_vietnamese, vietnamese_sort_key


def test_fold_vietnamese_strips_diacritics_and_case_including_d_with_stroke():
    assert fold_vietnamese("  Đường  An toàn THÔNG TIN ") == "duong an toan thong tin"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Dương", "Đà Nẵng"),  # đ is a letter after d, not a d with a mark
        ("An Khê", "Ăn"),  # a < ă < â
        ("Ăn", "Ân"),
        ("Oa", "Ô Môn"),  # o < ô < ơ
        ("Ô Môn", "Ơn"),
        ("Uy", "Ư"),  # u < ư
        ("ma", "mà"),  # tones after the letters: none, huyền, hỏi, ngã, sắc, nặng
        ("mà", "mả"),
        ("mả", "mã"),
        ("mã", "má"),
        ("má", "mạ"),
        ("mạ", "mai"),  # letters decide before tones
        ("bắc", "Bến"),  # case does not matter
    ],
)
def test_vietnamese_sort_key_follows_the_vietnamese_alphabet(first, then):
    assert vietnamese_sort_key(first) < vietnamese_sort_key(then)


def test_sort_key_treats_composed_and_decomposed_text_alike():
    import unicodedata

    name = "Phường Thục Phán"
    assert vietnamese_sort_key(unicodedata.normalize("NFD", name)) == vietnamese_sort_key(name)


@pytest.mark.django_db
def test_province_list_is_in_vietnamese_alphabetical_order():
    for code, name in [
        ("01", "Vĩnh Long"),
        ("02", "Đắk Lắk"),
        ("03", "Điện Biên"),
        ("04", "Cà Mau"),
    ]:
        ProvinceFactory(code=code, name=name, codename=f"p{code}")

    assert [p.name for p in province_list()] == ["Cà Mau", "Đắk Lắk", "Điện Biên", "Vĩnh Long"]


@pytest.mark.django_db
def test_communes_are_listed_by_their_name_without_xa_phuong_or_dac_khu():
    province = ProvinceFactory(code="79", name="Hồ Chí Minh", codename="hcm")
    for code, name in [
        ("1", "Xã Bình Chánh"),
        ("2", "Phường An Đông"),
        ("3", "Đặc khu Côn Đảo"),
        ("4", "Phường Đức Nhuận"),
    ]:
        CommuneFactory(code=code, name=name, province=province)

    names = [c.name for c in commune_list_for_province(province_code="79")]

    assert names == ["Phường An Đông", "Xã Bình Chánh", "Đặc khu Côn Đảo", "Phường Đức Nhuận"]
