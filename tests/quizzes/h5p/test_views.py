"""The H5P block on a module page, the sandboxed player, its files, and the score endpoint."""

import gzip
import json
import re
from html import unescape
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from courses.models import ModulePartResult, ModuleProgress
from quizzes.h5p import selectors, storage, views
from quizzes.h5p.selectors import (
    activity_iri,
    activity_library_code,
    player_shell_version,
    player_token,
    read_player_token,
)
from quizzes.models import H5PAttempt, H5PResult
from tests.quizzes.h5p.conftest import h5p_body

pytestmark = pytest.mark.django_db

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def statement_body(activity, *, raw=1, maximum=1, verb=ANSWERED, object_id=None) -> str:
    return json.dumps(
        {
            "statement": {
                "verb": {"id": verb},
                "object": {"id": object_id or activity_iri(activity.pk)},
                "result": {"score": {"min": 0, "raw": raw, "max": maximum}},
            }
        }
    )


def post_statement(client, module, activity, body=None, **kwargs):
    return client.post(
        reverse("h5p_statement", args=[module.pk, activity.pk]),
        body if body is not None else statement_body(activity, **kwargs),
        content_type="application/json",
    )


def token_for(activity, module=None, user=None):
    return player_token(
        activity_id=activity.pk,
        module_id=module.pk if module else None,
        user_id=user.pk if user else None,
        parent_origin="http://testserver",
    )


# --- The block and the player --------------------------------------------------------------


def test_the_module_page_shows_the_sandboxed_player(learner_client, h5p_learner, h5p_module):
    response = learner_client.get(h5p_module.url)
    html = response.content.decode()
    frame = re.search(r'<iframe class="h5p-frame" src="([^"]+)"[^>]*>', html)
    assert frame is not None
    assert 'sandbox="allow-scripts"' in frame.group(0)
    assert "allow-same-origin" not in html
    assert 'data-player-origin="null"' in html
    assert "Reach 80% in this activity to complete the module." in html
    player = learner_client.get(frame.group(1))
    assert player.status_code == 200


def test_the_module_page_carries_the_site_policy(learner_client, h5p_learner, h5p_module):
    policy = learner_client.get(h5p_module.url)["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "frame-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_player_is_sandboxed_by_its_own_policy(client, h5p_activity, h5p_module):
    response = client.get(reverse("h5p_player", args=[token_for(h5p_activity, h5p_module)]))
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts;")
    assert "allow-same-origin" not in policy
    assert "frame-ancestors http://testserver" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    # The configuration is JSON, not code; the one inline script is our own static file.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert [attrs for attrs, _code in scripts] == [
        ' id="h5p-player-config" type="application/json"',
        "",
    ]
    assert scripts[1][1] == Path(finders.find("quizzes/h5p-player.js")).read_text()
    config = json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))
    assert config["parentOrigin"] == "http://testserver"
    assert "user" not in config["options"]  # h5p-standalone needs contentUserDataUrl with it
    assert config["options"]["xAPIObjectIRI"] == activity_iri(h5p_activity.pk)
    assert config["options"]["librariesPath"].endswith("/h5p/libraries")


def player_config(client, activity, module=None):
    html = client.get(reverse("h5p_player", args=[token_for(activity, module)])).content.decode()
    return json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))


def test_the_player_loads_its_own_files_from_the_static_files_of_the_page(
    client, h5p_activity, h5p_module
):
    config = player_config(client, h5p_activity, h5p_module)
    assert config["mainJs"] == "http://testserver/static/h5p-standalone/main.bundle.js"
    assert config["options"]["frameJs"] == "http://testserver/static/h5p-standalone/frame.bundle.js"
    assert config["options"]["frameCss"] == "http://testserver/static/h5p-standalone/styles/h5p.css"
    assert config["staticBase"] == "http://testserver/static/h5p-standalone/"
    assert config["assetBase"] == "http://testserver/learning/quizzes/h5p/player/"


def test_the_player_files_get_hashed_names_from_the_manifest(
    client, h5p_activity, h5p_module, settings, tmp_path
):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "paths": {
                    "h5p-standalone/main.bundle.js": "h5p-standalone/main.bundle.0123456789ab.js",
                    "h5p-standalone/frame.bundle.js": "h5p-standalone/frame.bundle.ba9876543210.js",
                    "h5p-standalone/styles/h5p.css": "h5p-standalone/styles/h5p.aaaaaaaaaaaa.css",
                    "quizzes/h5p-player.css": "quizzes/h5p-player.css",
                    "quizzes/h5p-player.js": "quizzes/h5p-player.js",
                },
            }
        )
    )
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    config = player_config(client, h5p_activity, h5p_module)
    assert config["mainJs"].endswith("/static/h5p-standalone/main.bundle.0123456789ab.js")
    assert config["options"]["frameJs"].endswith("/frame.bundle.ba9876543210.js")
    assert config["options"]["frameCss"].endswith("/styles/h5p.aaaaaaaaaaaa.css")


def test_the_player_page_carries_the_activity_json_instead_of_fetching_it(
    client, h5p_activity, h5p_module
):
    config = player_config(client, h5p_activity, h5p_module)
    content = config["options"]["h5pJsonPath"]
    libraries = config["options"]["librariesPath"]
    assert set(config["files"]) == {
        f"{content}/h5p.json",
        f"{content}/content/content.json",
        f"{libraries}/Test.Check-1.0/library.json",
    }
    assert json.loads(config["files"][f"{content}/h5p.json"])["title"] == "Kiểm tra nhanh"


def test_the_player_page_carries_the_library_json_of_every_dependency(client):
    from quizzes.h5p.services import h5p_activity_create
    from tests.quizzes.h5p.packages import library_files, package_files, upload, zip_bytes

    files = package_files(library=("Test.Top", 1, 0), with_library=False)
    files.update(library_files("Test.Top", 1, 0, dependencies=[("Test.Base", 1, 2)]))
    files.update(library_files("Test.Base", 1, 2))
    activity = h5p_activity_create(
        upload=upload("tang.h5p", zip_bytes(files)), user=None, allow_new_libraries=True
    )
    config = player_config(client, activity)
    libraries = config["options"]["librariesPath"]
    embedded = sorted(url.removeprefix(libraries) for url in config["files"] if "/libraries" in url)
    assert embedded == ["/Test.Base-1.2/library.json", "/Test.Top-1.0/library.json"]


def test_a_large_content_json_is_left_to_be_fetched(client, h5p_activity, h5p_module, settings):
    path = storage.content_dir(h5p_activity.storage_key) / "content" / "content.json"
    path.write_text(json.dumps({"text": "x" * 300_000}))
    config = player_config(client, h5p_activity, h5p_module)
    assert [name.rsplit("/", 1)[1] for name in config["files"]] == ["h5p.json", "library.json"]


def block_attribute(html, name):
    return json.loads(unescape(re.search(rf'{name}="([^"]+)"', html).group(1)))


def test_the_module_page_lets_the_player_ask_only_for_player_library_and_its_content_files(
    learner_client, h5p_learner, h5p_module
):
    html = learner_client.get(h5p_module.url).content.decode()
    content = block_attribute(html, "data-h5p-activity")["options"]["h5pJsonPath"]
    assert content.startswith("http://testserver/learning/quizzes/h5p/play/")
    allowed = block_attribute(html, "data-h5p-files")
    assert allowed == [
        "http://testserver/static/h5p-standalone/",
        "http://testserver/learning/quizzes/h5p/libraries/",
        f"{content}/",
    ]


def test_the_module_page_starts_on_the_player_and_library_code_while_the_player_loads(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    html = learner_client.get(h5p_module.url).content.decode()
    player = [
        "http://testserver/static/h5p-standalone/main.bundle.js",
        "http://testserver/static/h5p-standalone/frame.bundle.js",
        "http://testserver/static/h5p-standalone/styles/h5p.css",
    ]
    assert block_attribute(html, "data-h5p-prefetch") == player
    bundle = block_attribute(html, "data-h5p-bundle")
    assert bundle["base"] == "http://testserver/learning/quizzes/h5p/libraries/"
    assert bundle["files"] == ["Test.Check-1.0/check.js", "Test.Check-1.0/check.css"]
    assert bundle["url"].startswith(
        f"http://testserver/learning/quizzes/h5p/libraries/bundle/{h5p_activity.pk}/"
    )
    # The browser starts on them with the page's styles, before the deferred script runs;
    # `crossorigin` matches the script's same-origin fetch, so it takes the preloaded answer.
    # The bundle, the largest, first and at high priority: over HTTP/1.1's six connections
    # it must not wait for one (a round trip lost on Slow 3G).
    preloads = re.findall(r'<link rel="preload" href="([^"]+)"([^>]*)>', html)
    assert preloads[0] == (
        bundle["url"],
        ' as="fetch" crossorigin="anonymous" fetchpriority="high"',
    )
    assert preloads[1:] == [(url, ' as="fetch" crossorigin="anonymous"') for url in player]


def bundle_url(activity):
    _code, digest = activity_library_code(storage_key=activity.storage_key)
    return reverse("h5p_library_bundle", args=[activity.pk, digest])


def test_the_library_bundle_carries_every_preloaded_script_and_style_in_one_answer(
    client, h5p_activity
):
    folder = storage.library_dir("Test.Check-1.0")
    response = client.get(bundle_url(h5p_activity), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Content-Type-Options"] == "nosniff"
    files = json.loads(gzip.decompress(response.content))["files"]
    assert files == {
        "Test.Check-1.0/check.js": {
            "type": "text/javascript; charset=utf-8",
            "body": selectors.minified_script((folder / "check.js").read_text()),
        },
        "Test.Check-1.0/check.css": {
            "type": "text/css; charset=utf-8",
            "body": (folder / "check.css").read_text(),
        },
    }


def test_the_library_bundle_comes_in_brotli_gzip_or_plain_as_the_browser_accepts(
    client, h5p_activity
):
    url = bundle_url(h5p_activity)
    plain = client.get(url, HTTP_ACCEPT_ENCODING="")
    assert "Content-Encoding" not in plain
    files = json.loads(plain.content)["files"]
    assert sorted(files) == ["Test.Check-1.0/check.css", "Test.Check-1.0/check.js"]

    br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert br["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(br.content))["files"] == files
    assert "Accept-Encoding" in br["Vary"]
    assert br["Cache-Control"] == "public, max-age=31536000, immutable"
    assert br["Access-Control-Allow-Origin"] == "*"

    refused = client.get(url, HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0.5")
    assert refused["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(refused.content))["files"] == files
    # Each encoding its own validator: a cache never answers one with the other.
    assert len({plain["ETag"], br["ETag"], refused["ETag"]}) == 3
    again = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=br["ETag"])
    assert again.status_code == 304


def test_the_library_bundle_is_built_and_compressed_once(client, h5p_activity, monkeypatch):
    url = bundle_url(h5p_activity)
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")

    def read_again(*args, **kwargs):
        raise AssertionError("the bundle's files were read again")

    monkeypatch.setattr(selectors, "_bundle_files", read_again)
    assert client.get(url, HTTP_ACCEPT_ENCODING="br").content == first.content


def test_the_library_bundle_keeps_scripts_as_shipped_when_minifying_is_off(
    client, h5p_activity, settings
):
    settings.H5P_MINIFY_LIBRARY_CODE = False
    folder = storage.library_dir("Test.Check-1.0")
    files = json.loads(client.get(bundle_url(h5p_activity)).content)["files"]
    assert files["Test.Check-1.0/check.js"]["body"] == (folder / "check.js").read_text()


def test_a_library_bundle_is_named_by_its_files(client, h5p_activity):
    before = bundle_url(h5p_activity)
    stale = before.replace(before.rsplit("/", 1)[1], "0" * 20 + ".json")
    assert client.get(stale).status_code == 404
    other = reverse("h5p_library_bundle", args=[h5p_activity.pk + 1, before.rsplit("/", 1)[1][:-5]])
    assert client.get(other).status_code == 404
    # A library file that changed on disk (reinstalled by hand) gives the bundle a new name.
    (storage.library_dir("Test.Check-1.0") / "check.js").write_text("var changed = 1;\n" * 3)
    cache.clear()
    after = bundle_url(h5p_activity)
    assert after != before
    assert client.get(before).status_code == 404
    body = json.loads(client.get(after).content)["files"]["Test.Check-1.0/check.js"]["body"]
    assert body.startswith("var changed")


def test_the_library_bundle_leaves_out_what_is_not_a_script_or_style(client, h5p_activity):
    folder = storage.library_dir("Test.Check-1.0")
    library = json.loads((folder / "library.json").read_text())
    library["preloadedJs"].append({"path": "missing.js"})
    library["preloadedCss"].append({"path": "../../content/secret.css"})
    (folder / "library.json").write_text(json.dumps(library))
    cache.clear()
    files = json.loads(client.get(bundle_url(h5p_activity)).content)["files"]
    assert sorted(files) == ["Test.Check-1.0/check.css", "Test.Check-1.0/check.js"]


def test_a_forged_player_token_is_refused(client, h5p_activity):
    token = token_for(h5p_activity)
    assert client.get(reverse("h5p_player", args=[token[:-2] + "xx"])).status_code == 404


def test_an_expired_player_token_is_refused(client, h5p_activity, settings):
    settings.H5P_PLAY_TOKEN_MAX_AGE = -1
    assert client.get(reverse("h5p_player", args=[token_for(h5p_activity)])).status_code == 404


def test_the_player_answers_only_on_its_own_origin_when_one_is_set(client, h5p_activity, settings):
    settings.H5P_PLAYER_ORIGIN = "https://h5p.example.vn"
    settings.ALLOWED_HOSTS = ["*"]
    url = reverse("h5p_player", args=[token_for(h5p_activity)])
    assert client.get(url).status_code == 404
    response = client.get(url, headers={"host": "h5p.example.vn"}, secure=True)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response


# --- The player shell: one cacheable page for every learner and activity --------------------


@pytest.fixture
def shell_version():
    """The shell's version computed afresh, and again after the test (it is kept per process)."""
    selectors.player_shell_version.cache_clear()
    yield player_shell_version
    selectors.player_shell_version.cache_clear()


def frame_src(html) -> str:
    return unescape(re.search(r'<iframe class="h5p-frame" src="([^"]+)"', html).group(1))


def test_the_module_page_frames_the_shell_and_hands_it_this_visits_activity(
    learner_client, h5p_learner, h5p_module, h5p_activity, shell_version
):
    html = learner_client.get(h5p_module.url).content.decode()
    src = frame_src(html)
    assert src.startswith(f"http://testserver/learning/quizzes/h5p/shell/en/{shell_version()}/")
    assert "/play/" not in src
    activity = block_attribute(html, "data-h5p-activity")
    assert activity["parentOrigin"] == "http://testserver"
    assert activity["options"]["xAPIObjectIRI"] == activity_iri(h5p_activity.pk)
    token = activity["options"]["h5pJsonPath"].split("/play/")[1].split("/")[0]
    grant = read_player_token(token)
    assert (grant.activity_id, grant.module_id, grant.user_id) == (
        h5p_activity.pk,
        h5p_module.pk,
        h5p_learner.pk,
    )
    assert f"{activity['options']['h5pJsonPath']}/h5p.json" in activity["files"]


def test_the_shell_is_kept_by_the_browser_and_carries_nothing_personal(
    learner_client, h5p_learner, h5p_module
):
    response = learner_client.get(frame_src(learner_client.get(h5p_module.url).content.decode()))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert h5p_learner.full_name not in html
    assert "/play/" not in html
    config = json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))
    assert config == {"parentOrigin": "http://testserver"}
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts;")
    assert "frame-ancestors http://testserver" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert scripts[1][1] == Path(finders.find("quizzes/h5p-player.js")).read_text()


def test_the_shell_is_the_same_for_two_learners_and_two_activities(
    client, learner_client, h5p_learner, other_learner, course, h5p_module, settings
):
    from courses.factories import ModulePageFactory
    from courses.services import enrolment_create
    from quizzes.h5p.services import h5p_activity_create
    from tests.quizzes.h5p.conftest import h5p_body
    from tests.quizzes.h5p.packages import package, upload

    other = h5p_activity_create(
        upload=upload("khac.h5p", package(title="Khác")), user=None, allow_new_libraries=True
    )
    other_module = ModulePageFactory(parent=course, body=h5p_body(other))
    enrolment_create(learner=other_learner, course=course)
    first_html = learner_client.get(h5p_module.url).content.decode()
    client.logout()
    client.force_login(other_learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    second_html = client.get(other_module.url).content.decode()
    assert frame_src(first_html) == frame_src(second_html)
    first_activity = block_attribute(first_html, "data-h5p-activity")
    second_activity = block_attribute(second_html, "data-h5p-activity")
    assert first_activity["options"]["id"] != second_activity["options"]["id"]
    first = client.get(frame_src(first_html)).content
    client.logout()
    client.force_login(h5p_learner)
    assert client.get(frame_src(second_html)).content == first


def shell_url(*, language="en", version=None, origin="http://testserver"):
    signed = selectors._shell_signer().sign_object(origin)
    return reverse("h5p_player_shell", args=[language, version or player_shell_version(), signed])


def test_the_shell_speaks_the_language_of_its_address(
    client, learner_client, h5p_learner, h5p_module, settings
):
    vietnamese = client.get(shell_url(language="vi")).content.decode()
    assert '<html lang="vi">' in vietnamese
    assert 'data-loading-text="Đang tải hoạt động…"' in vietnamese
    english = client.get(shell_url(language="en")).content.decode()
    assert '<html lang="en">' in english
    assert 'data-loading-text="Loading the activity…"' in english
    learner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    src = frame_src(learner_client.get(h5p_module.url).content.decode())
    assert "/learning/quizzes/h5p/shell/vi/" in src


def test_a_forged_origin_or_an_unknown_language_has_no_shell(client):
    good = shell_url()
    assert client.get(good).status_code == 200
    signed = good.rstrip("/").rsplit("/", 1)[1]
    forged = selectors._shell_signer().sign_object("https://ke-gian.example")
    forged = forged.rsplit(":", 1)[0] + ":" + signed.rsplit(":", 1)[1]
    assert client.get(good.replace(signed, forged)).status_code == 404
    other_salt = selectors.signing.Signer(salt="x").sign_object("http://testserver")
    assert client.get(good.replace(signed, other_salt)).status_code == 404
    assert client.get(shell_url(language="fr")).status_code == 404


def test_an_older_shell_address_is_answered_but_revalidated(client, shell_version):
    response = client.get(shell_url(version="0123456789ab"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert response.content == client.get(shell_url()).content


def test_the_shell_version_changes_with_its_script(client, monkeypatch, shell_version):
    before = shell_version()
    script = selectors.player_inline_file("quizzes/h5p-player.js")
    read = selectors.player_inline_file
    monkeypatch.setattr(
        selectors,
        "player_inline_file",
        lambda name: script + "\n;" if name.endswith(".js") else read(name),
    )
    selectors.player_shell_version.cache_clear()
    after = shell_version()
    assert after != before
    assert client.get(shell_url(version=before))["Cache-Control"] == "no-cache"
    current = client.get(shell_url(version=after))
    assert current["Cache-Control"] == "public, max-age=31536000, immutable"
    assert script + "\n;" in current.content.decode()


def test_the_shell_and_the_activity_are_on_the_player_origin_when_one_is_set(
    learner_client, h5p_learner, h5p_module, settings
):
    settings.H5P_PLAYER_ORIGIN = "https://h5p.example.vn"
    settings.ALLOWED_HOSTS = ["*"]
    html = learner_client.get(h5p_module.url).content.decode()
    src = frame_src(html)
    assert src.startswith("https://h5p.example.vn/learning/quizzes/h5p/shell/en/")
    options = block_attribute(html, "data-h5p-activity")["options"]
    assert options["h5pJsonPath"].startswith("https://h5p.example.vn/learning/quizzes/h5p/play/")
    assert options["librariesPath"] == "https://h5p.example.vn/learning/quizzes/h5p/libraries"
    path = src.removeprefix("https://h5p.example.vn")
    assert learner_client.get(path).status_code == 404
    response = learner_client.get(path, headers={"host": "h5p.example.vn"}, secure=True)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors http://testserver" in response["Content-Security-Policy"]


# --- Files -----------------------------------------------------------------------------------


def file_url(activity, path):
    return reverse("h5p_content", args=[token_for(activity), path])


def test_content_files_are_served_safely(client, h5p_activity):
    response = client.get(file_url(h5p_activity, "content/content.json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "sandbox" in response["Content-Security-Policy"]
    assert json.loads(b"".join(response.streaming_content)) == {"text": "Xin chào"}


def test_h5p_json_is_served_and_other_top_files_are_not(client, h5p_activity):
    assert client.get(file_url(h5p_activity, "h5p.json")).status_code == 200
    assert client.get(file_url(h5p_activity, "../h5p.json")).status_code == 404
    assert client.get(file_url(h5p_activity, "content/../../x")).status_code == 404


def test_content_files_need_a_valid_token(client, h5p_activity):
    url = reverse("h5p_content", args=["forged-token", "content/content.json"])
    assert client.get(url).status_code == 404


def test_library_files_are_public_code_with_a_script_type(client, h5p_activity):
    url = reverse("h5p_library_file", args=["Test.Check-1.0", "check.js"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("folder", "path"),
    [
        ("Test.Check-1.0", "../../content/x"),
        ("..", "libraries/Test.Check-1.0/check.js"),
        ("Test.Check-1.0", ".hidden"),
        ("Test.Check-1.0", "missing.js"),
        ("Unknown-1.0", "check.js"),
    ],
)
def test_library_paths_outside_a_library_are_not_served(client, h5p_activity, folder, path):
    assert client.get(f"/learning/quizzes/h5p/libraries/{folder}/{path}").status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("map.svg", "image/svg+xml"),
        ("notes.html", "application/octet-stream"),
        ("page.xml", "application/octet-stream"),
        ("report.pdf", "application/pdf"),
    ],
)
def test_no_file_is_ever_served_as_html(client, h5p_activity, name, expected):
    folder = storage.content_dir(h5p_activity.storage_key) / "content"
    (folder / name).write_text("<html><script>alert(document.cookie)</script></html>")
    response = client.get(file_url(h5p_activity, f"content/{name}"))
    assert response["Content-Type"] == expected
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].endswith("sandbox")
    if expected != "image/svg+xml":
        assert response["Content-Disposition"].startswith("attachment")


def test_library_files_are_compressed_and_cached_for_a_week_then_revalidated(client, h5p_activity):
    (storage.library_dir("Test.Check-1.0") / "check.js").write_text("var a = 1;\n" * 200)
    url = reverse("h5p_library_file", args=["Test.Check-1.0", "check.js"])
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == b"var a = 1;\n" * 200
    assert response["Cache-Control"] == "public, max-age=604800"
    assert "Accept-Encoding" in response["Vary"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_content_files_can_be_revalidated(client, h5p_activity):
    url = file_url(h5p_activity, "content/content.json")
    response = client.get(url)
    assert response["Cache-Control"] == "private, max-age=3600"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_player_assets_are_compressed_and_hashed_names_cached_for_a_year(client):
    response = client.get(
        reverse("h5p_player_asset", args=["frame.bundle.js"]), HTTP_ACCEPT_ENCODING="gzip"
    )
    if response.status_code == 404:
        pytest.skip("h5p-standalone is not installed here (`make setup` runs npm ci)")
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert views.HASHED_NAME.search("fonts/h5p-core-30.0123456789ab.woff2")
    assert not views.HASHED_NAME.search("fonts/h5p-core-30.woff2")


def test_the_player_assets_come_from_our_static_files(client):
    response = client.get(reverse("h5p_player_asset", args=["styles/h5p.css"]))
    if response.status_code == 404:
        pytest.skip("h5p-standalone is not installed here (`make setup` runs npm ci)")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(reverse("h5p_player_asset", args=["../package.json"])).status_code == 404


def preflight(client, url, headers="range"):
    return client.options(
        url,
        HTTP_ORIGIN="null",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@pytest.mark.parametrize("kind", ["content", "library", "player"])
def test_the_sandboxed_player_may_preflight_its_files(client, h5p_activity, kind):
    url = {
        "content": file_url(h5p_activity, "content/sounds/right.mp3"),
        "library": reverse("h5p_library_file", args=["Test.Check-1.0", "sounds/right.mp3"]),
        "player": reverse("h5p_player_asset", args=["frame.bundle.js"]),
    }[kind]
    response = preflight(client, url)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "range"
    assert "Access-Control-Allow-Credentials" not in response
    assert response.content == b""


def test_a_preflight_echoes_only_well_formed_header_names(client, h5p_activity):
    url = reverse("h5p_library_file", args=["Test.Check-1.0", "check.js"])
    assert preflight(client, url, "x-requested-with, range")["Access-Control-Allow-Headers"] == (
        "x-requested-with, range"
    )
    assert "Access-Control-Allow-Headers" not in preflight(client, url, "x\r\nSet-Cookie: a=b")


def test_library_files_answer_head(client, h5p_activity):
    url = reverse("h5p_library_file", args=["Test.Check-1.0", "check.js"])
    response = client.head(url, HTTP_ORIGIN="null")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_score_endpoint_answers_no_cross_origin_request(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    url = reverse("h5p_statement", args=[h5p_module.pk, h5p_activity.pk])
    response = preflight(learner_client, url, "content-type, x-csrftoken")
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response
    posted = post_statement(learner_client, h5p_module, h5p_activity)
    assert "Access-Control-Allow-Origin" not in posted


# --- Scores ----------------------------------------------------------------------------------


def test_a_passing_score_is_recorded_and_completes_the_module(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    response = post_statement(learner_client, h5p_module, h5p_activity, raw=9, maximum=10)
    assert response.status_code == 201
    assert response.json()["passed"] is True
    assert response.json()["message"] == "Score recorded: 90.00%. You passed this activity."
    attempt = H5PAttempt.objects.get()
    assert (attempt.score, attempt.max_score, attempt.percent) == (9, 10, 90)
    part = ModulePartResult.objects.get(learner=h5p_learner, module=h5p_module)
    assert part.part == f"h5p:{h5p_activity.pk}"
    assert part.score == 90
    assert ModuleProgress.objects.get(learner=h5p_learner, module=h5p_module).completed_at
    assert response.json()["module_completed"] is True


def test_a_score_below_the_pass_mark_is_kept_without_completing(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    response = post_statement(learner_client, h5p_module, h5p_activity, raw=7, maximum=10)
    assert response.status_code == 201
    assert response.json() == {
        "ok": True,
        "recorded": True,
        "percent": "70.00",
        "best_percent": "70.00",
        "passed": False,
        "counts": True,
        "module_completed": False,
        "message": "Score recorded: 70.00%. You need 80% to pass.",
    }
    assert not ModulePartResult.objects.exists()
    progress = ModuleProgress.objects.filter(learner=h5p_learner, module=h5p_module).first()
    assert progress is None or progress.completed_at is None


def test_the_best_score_is_kept(learner_client, h5p_learner, h5p_module, h5p_activity):
    for raw in (5, 9, 3):
        post_statement(learner_client, h5p_module, h5p_activity, raw=raw, maximum=10)
    result = H5PResult.objects.get()
    assert (result.best_percent, result.attempts) == (90, 3)
    assert result.passed_at is not None
    assert H5PAttempt.objects.count() == 3


def test_reaching_the_pass_mark_later_completes_the_module(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    post_statement(learner_client, h5p_module, h5p_activity, raw=1, maximum=2)
    assert not ModulePartResult.objects.exists()
    post_statement(learner_client, h5p_module, h5p_activity, raw=2, maximum=2)
    assert ModulePartResult.objects.get().score == 100


def test_the_block_shows_the_best_score(learner_client, h5p_learner, h5p_module, h5p_activity):
    post_statement(learner_client, h5p_module, h5p_activity, raw=1, maximum=1)
    html = learner_client.get(h5p_module.url).content.decode()
    assert "Your best score is 100.00%. You passed this activity." in html


def test_statements_that_do_not_count_record_nothing(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    child = f"{activity_iri(h5p_activity.pk)}?subContentId=abc"
    for body in (
        statement_body(h5p_activity, object_id=child),
        statement_body(h5p_activity, verb="http://adlnet.gov/expapi/verbs/interacted"),
    ):
        response = post_statement(learner_client, h5p_module, h5p_activity, body)
        assert response.status_code == 200
        assert response.json()["recorded"] is False
    assert not H5PAttempt.objects.exists()


def test_a_statement_not_recorded_still_ends_with_a_message(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    child = f"{activity_iri(h5p_activity.pk)}?subContentId=abc"
    response = post_statement(learner_client, h5p_module, h5p_activity, object_id=child)
    assert response.json() == {
        "ok": True,
        "recorded": False,
        "percent": None,
        "best_percent": None,
        "passed": False,
        "counts": False,
        "module_completed": False,
        "message": (
            "Only the result of the whole activity is recorded: finish it to save your score."
        ),
    }


def test_the_block_offers_a_hidden_retry_and_a_message_for_unsaved_scores(
    learner_client, h5p_learner, h5p_module
):
    html = learner_client.get(h5p_module.url).content.decode()
    assert re.search(
        r"<button type=\"button\" class=\"button\" data-h5p-retry hidden>Try again<", html
    )
    assert 'data-unsaved-text="Your score was not saved. Try the activity again."' in html


def test_the_module_footer_can_be_marked_complete_by_the_block_script(
    learner_client, h5p_learner, h5p_module
):
    html = learner_client.get(h5p_module.url).content.decode()
    assert 'data-completed-text="You have completed this module."' in html
    assert '<p class="status" data-module-status>Pass the activities above' in html


def test_without_sign_in_the_score_is_refused(client, h5p_module, h5p_activity):
    response = post_statement(client, h5p_module, h5p_activity)
    assert response.status_code == 403
    assert not H5PAttempt.objects.exists()


def test_a_learner_not_enrolled_is_refused(learner_client, learner, h5p_module, h5p_activity):
    response = post_statement(learner_client, h5p_module, h5p_activity)
    assert response.status_code == 403
    assert response.json()["message"] == "Enrol in the course to read its modules."
    assert not H5PAttempt.objects.exists()


def test_a_learner_who_left_the_course_is_refused(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    from courses.services import enrolment_leave

    enrolment_leave(learner=h5p_learner, course=course)
    assert post_statement(learner_client, h5p_module, h5p_activity).status_code == 403


def test_an_activity_of_another_module_is_refused(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    from courses.factories import ModulePageFactory
    from quizzes.h5p.services import h5p_activity_create
    from tests.quizzes.h5p.packages import package, upload

    other = h5p_activity_create(
        upload=upload("khac.h5p", package(title="Khác")), user=None, allow_new_libraries=True
    )
    ModulePageFactory(parent=course, body=h5p_body(other))
    response = post_statement(learner_client, h5p_module, other)
    assert response.status_code == 404
    assert response.json()["message"] == "This activity is not part of this module."


def test_a_statement_about_another_activity_is_refused(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    body = statement_body(h5p_activity, object_id=activity_iri(h5p_activity.pk + 1))
    response = post_statement(learner_client, h5p_module, h5p_activity, body)
    assert response.status_code == 400
    assert response.json()["message"] == "The statement is about another activity."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{not json", "The statement is not valid JSON."),
        ('{"statement": [1]}', "The request has no xAPI statement."),
        (None, "The score may not be negative."),
        ("nan", "The statement is not valid JSON."),
        ("over", "The score is above the maximum score."),
        ("zero", "The maximum score must be above zero."),
    ],
)
def test_malformed_statements_and_impossible_scores_are_refused(
    learner_client, h5p_learner, h5p_module, h5p_activity, body, expected
):
    bodies = {
        None: statement_body(h5p_activity, raw=-1, maximum=1),
        "nan": statement_body(h5p_activity).replace('"raw": 1', '"raw": NaN'),
        "over": statement_body(h5p_activity, raw=2, maximum=1),
        "zero": statement_body(h5p_activity, raw=0, maximum=0),
    }
    response = post_statement(learner_client, h5p_module, h5p_activity, bodies.get(body, body))
    assert response.status_code == 400
    assert response.json()["message"] == expected
    assert not H5PAttempt.objects.exists()


def test_the_endpoint_needs_the_csrf_token(h5p_learner, h5p_module, h5p_activity):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(h5p_learner)
    response = post_statement(client, h5p_module, h5p_activity)
    assert response.status_code == 403
    assert not H5PAttempt.objects.exists()


def test_the_endpoint_only_takes_posts(learner_client, h5p_learner, h5p_module, h5p_activity):
    url = reverse("h5p_statement", args=[h5p_module.pk, h5p_activity.pk])
    assert learner_client.get(url).status_code == 405


def test_a_passing_score_shows_on_the_next_view_of_the_course(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    def module_completed() -> bool:
        progress = learner_client.get(course.url).context["progress"]
        return next(r.state.completed for r in progress.rows if r.module.pk == h5p_module.pk)

    assert not module_completed()

    post_statement(learner_client, h5p_module, h5p_activity, raw=9, maximum=10)

    assert module_completed()
