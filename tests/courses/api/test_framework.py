"""The API's OpenAPI document and docs page: served, valid JSON, every endpoint in it, and
nothing loaded from another site."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

ENDPOINTS = [
    "/api/v1/areas/",
    "/api/v1/classes/",
    "/api/v1/courses/",
    "/api/v1/roster/",
    "/api/v1/statistics/",
]
OPEN_ENDPOINTS = [
    "/api/v1/open/provinces.csv",
    "/api/v1/open/provinces/",
    "/api/v1/open/provinces/{code}.csv",
    "/api/v1/open/provinces/{code}/",
]


@pytest.mark.django_db
def test_the_openapi_document_is_served_as_json_with_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == sorted(ENDPOINTS + OPEN_ENDPOINTS)
    for path in ENDPOINTS:
        operation = document["paths"][path]["get"]
        assert operation["security"] == [{"TokenAuth": []}]
        assert {"200", "401", "403", "429"} <= set(operation["responses"])
    for path in OPEN_ENDPOINTS:
        operation = document["paths"][path]["get"]
        assert "security" not in operation
        assert {"200", "404", "429"} <= set(operation["responses"])
        assert "text/csv" in operation["responses"]["200"]["content"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_the_docs_page_loads_only_our_own_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert "//" not in "".join(sources)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/v1/openapi.json"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_swagger_files_are_among_the_static_files_collectstatic_gathers():
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name
