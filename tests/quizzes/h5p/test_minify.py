"""The H5P library scripts are minified in their bundle without changing what they do."""

import json
import shutil
import subprocess
import zipfile

import pytest

from quizzes.h5p.selectors import minified_script
from tests.quizzes.h5p.packages import require_samples


def test_comments_and_indentation_go_and_the_code_stays():
    script = """/**
 * A library (this comment is documentation only).
 */
var H5P = window.H5P || {};
// a line comment
H5P.Check = function (params) {
    if (params.text === "a // not a comment") {
        return /[`"\\/]+/g.test(params.text);   // a regular expression with a backquote
    }
    return 'Xin chào';
};
"""
    minified = minified_script(script)
    assert "documentation" not in minified and "a line comment" not in minified
    assert "\n    " not in minified
    assert 'params.text==="a // not a comment"' in minified
    assert '/[`"\\/]+/g.test(params.text)' in minified
    assert "'Xin chào'" in minified
    assert len(minified) < len(script) / 2


def test_a_licence_comment_is_kept():
    script = "/*! jQuery UI - v1.10.2 | (c) jQuery Foundation and contributors */\nvar a = 1;\n"
    assert minified_script(script).startswith("/*! jQuery UI - v1.10.2")


def test_a_script_that_may_nest_template_literals_is_left_as_shipped():
    script = "var label = `${count} ${count > 1 ? `items` : `item`}`;  // nested\n"
    assert minified_script(script) == script


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js is not installed (make setup)")
def test_every_script_of_the_real_samples_still_parses_once_minified(tmp_path):
    checked = 0
    for sample in require_samples():
        with zipfile.ZipFile(sample) as package:
            names = set(package.namelist())
            for name in sorted(names):
                if name.count("/") != 1 or not name.endswith("/library.json"):
                    continue
                folder = name.split("/")[0]
                for item in json.loads(package.read(name)).get("preloadedJs", []):
                    path = f"{folder}/{item['path']}"
                    if path not in names:
                        continue
                    target = tmp_path / f"{checked}.js"
                    target.write_text(minified_script(package.read(path).decode("utf-8")))
                    result = subprocess.run(  # noqa: S603 - node on our own temporary file
                        [shutil.which("node"), "--check", str(target)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    assert result.returncode == 0, (sample.name, path, result.stderr[-2000:])
                    checked += 1
    assert checked > 20
