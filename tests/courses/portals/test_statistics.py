"""The national statistics show each portal's figures: one row per province, which is one
portal, with the portal's host."""

import re

import pytest
from django.urls import reverse

from courses import services
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_national_dashboard_names_each_provinces_portal(
    client, portal_a, portal_b, learner_a, learner_b, national_course
):
    services.enrolment_create(learner=learner_a, course=national_course)
    services.enrolment_create(learner=learner_b, course=national_course)
    client.force_login(UserFactory(email="quantri@example.vn", is_staff=True, is_superuser=True))

    body = client.get(reverse("statistics_dashboard")).content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", body, flags=re.S)
    ha_noi = next(row for row in rows if "province=01" in row)
    cao_bang = next(row for row in rows if "province=04" in row)
    assert "<td data-portal>ha-noi.localhost</td>" in ha_noi
    assert "<td data-portal>cao-bang.localhost</td>" in cao_bang
    assert '<td class="num">1</td>' in ha_noi


def test_a_province_managers_dashboard_has_no_portal_column(client, portal_a, ha_noi):
    from courses.reports.factories import ManagerScopeFactory

    manager = UserFactory(email="quanly@example.vn", is_staff=True)
    ManagerScopeFactory(user=manager, province=ha_noi)
    client.force_login(manager)

    body = client.get(reverse("statistics_dashboard")).content.decode()

    assert "data-portal" not in body
