"""OIDC_PROVIDERS: what the settings make of it, and what production refuses."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from elearn.settings.base import oidc_provider_apps
from home.oidc.provider import nonce_for
from tests.home.child_process import run_manage

PROVIDER = {
    "id": "vneid",
    "name": "VNeID",
    "issuer": "https://id.example.vn",
    "client_id": "hocvuso",
    "secret": "s3cret",
}


def test_no_providers_when_the_variable_is_empty():
    assert oidc_provider_apps("") == []
    assert oidc_provider_apps("  ") == []


def test_a_provider_becomes_an_allauth_app_with_pkce_and_the_openid_scopes():
    (app,) = oidc_provider_apps(json.dumps([PROVIDER]))

    assert app["provider_id"] == "vneid"
    assert app["name"] == "VNeID"
    assert (app["client_id"], app["secret"]) == ("hocvuso", "s3cret")
    assert app["settings"] == {
        "server_url": "https://id.example.vn",
        "scope": ["openid", "profile", "email"],
        "oauth_pkce_enabled": True,
    }


def test_scopes_can_be_chosen():
    (app,) = oidc_provider_apps(json.dumps([{**PROVIDER, "scopes": ["openid", "email"]}]))

    assert app["settings"]["scope"] == ["openid", "email"]


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        json.dumps(PROVIDER),
        json.dumps([{**PROVIDER, "issuer": ""}]),
        json.dumps([{key: value for key, value in PROVIDER.items() if key != "secret"}]),
        json.dumps([{**PROVIDER, "id": "vne id/../x"}]),
    ],
)
def test_a_malformed_configuration_stops_the_start(raw):
    with pytest.raises(ImproperlyConfigured):
        oidc_provider_apps(raw)


def test_the_nonce_belongs_to_one_state():
    assert nonce_for("state-a") == nonce_for("state-a")
    assert nonce_for("state-a") != nonce_for("state-b")
    assert "state-a" not in nonce_for("state-a")


def test_production_refuses_an_issuer_without_https(production_env):
    production_env["OIDC_PROVIDERS"] = json.dumps([{**PROVIDER, "issuer": "http://id.example.vn"}])

    result = run_manage(production_env, "check")

    assert result.returncode != 0
    assert "an issuer must be an https:// address: http://id.example.vn" in result.stderr


def test_production_starts_with_an_https_issuer(production_env):
    production_env["OIDC_PROVIDERS"] = json.dumps([PROVIDER])

    result = run_manage(production_env, "check")

    assert result.returncode == 0, result.stderr
