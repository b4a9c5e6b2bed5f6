"""Package checks, without the database: what `check_package` accepts and each way it refuses."""

import io
import json
import zipfile

import pytest
from django.utils import translation

from quizzes.h5p.validation import LibraryRef, PackageError, PackageLimits, check_package
from tests.quizzes.h5p.packages import package, require_samples, symlink_info, zip_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def check(data: bytes, **limits):
    return check_package(io.BytesIO(data), limits=PackageLimits(**limits))


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(PackageError) as error:
        check(data, **limits)
    return str(error.value)


def test_a_valid_package_is_described():
    checked = check(package(title="Kiểm tra thử"))
    ref = LibraryRef("Test.Check", 1, 0)
    assert checked.title == "Kiểm tra thử"
    assert checked.main == ref
    assert checked.dependencies == (ref,)
    assert set(checked.libraries) == {ref}
    assert checked.libraries[ref].members == (
        "Test.Check-1.0/check.css",
        "Test.Check-1.0/check.js",
        "Test.Check-1.0/library.json",
    )
    assert checked.content_members == ("content/content.json", "h5p.json")
    assert checked.external == ()


def test_dependencies_are_followed_through_library_json():
    from tests.quizzes.h5p.packages import library_files, package_files

    files = package_files()
    files["Test.Check-1.0/library.json"] = json.dumps(
        {
            "machineName": "Test.Check",
            "majorVersion": 1,
            "minorVersion": 0,
            "patchVersion": 3,
            "preloadedJs": [{"path": "check.js"}],
            "preloadedDependencies": [
                {"machineName": "Test.Helper", "majorVersion": "2", "minorVersion": "1"},
                {"machineName": "Test.Installed", "majorVersion": 1, "minorVersion": 0},
            ],
        }
    )
    files.update(library_files("Test.Helper", 2, 1))
    files.update(library_files("H5PEditor.Unused", 1, 0))
    checked = check(zip_bytes(files))
    assert set(checked.libraries) == {
        LibraryRef("Test.Check", 1, 0),
        LibraryRef("Test.Helper", 2, 1),
    }
    assert checked.external == (LibraryRef("Test.Installed", 1, 0),)
    assert checked.libraries[LibraryRef("Test.Check", 1, 0)].patch == 3


def test_hidden_files_are_ignored():
    checked = check(package(extra={".DS_Store": b"x", "__MACOSX/content/._x.json": b"x"}))
    assert ".DS_Store" not in checked.content_members


def test_svg_is_allowed_in_content():
    checked = check(
        package(extra={"content/images/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    )
    assert "content/images/map.svg" in checked.content_members


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04 not really a zip", "cannot be opened as a zip archive"),
        (b"", "cannot be opened as a zip archive"),
        (b"%PDF-1.7 a document", "cannot be opened as a zip archive"),
    ],
)
def test_non_zip_files_are_refused(data, expected):
    assert expected in refusal(data)


def test_a_truncated_package_is_refused():
    data = package()
    assert "not a valid .h5p file" in refusal(data[: len(data) // 2])


def test_a_damaged_member_is_refused():
    data = bytearray(zip_bytes({"h5p.json": "x" * 5000}, compression=zipfile.ZIP_STORED))
    data[100:110] = b"0123456789"  # inside the stored bytes: the CRC no longer matches
    assert "the package is damaged" in refusal(bytes(data))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../evil.json", "may not climb out of the package"),
        ("content/../../evil.json", "may not climb out of the package"),
        ("/etc/passwd.json", "absolute paths are not allowed"),
        ("content\\images\\x.png", "backslashes are not allowed"),
        ("C:/windows/x.json", "drive letters are not allowed"),
        ("content//x.json", "the path has an empty part"),
        ("content/./x.json", "the path has an empty part"),
    ],
)
def test_unsafe_names_are_refused(name, expected):
    message = refusal(package(extra={name: b"{}"}))
    assert expected in message
    assert name in message or repr(name) in message


def test_symbolic_links_are_refused():
    data = package(infos=[(symlink_info("content/link.json"), "/etc/passwd")])
    assert "“content/link.json” is a symbolic link" in refusal(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("content/shell.php", ".php files are not allowed"),
        ("content/page.html", ".html files are not allowed"),
        ("Test.Check-1.0/page.htm", ".htm files are not allowed"),
        ("Test.Check-1.0/setup.exe", ".exe files are not allowed"),
        ("content/data.xml", ".xml files are not allowed"),
        ("content/script.js", ".js files are allowed in libraries only"),
        ("content/README", "files without an extension are not allowed"),
    ],
)
def test_forbidden_extensions_are_refused(name, expected):
    message = refusal(package(extra={name: b"x"}))
    assert expected in message
    assert name in message


def test_too_many_files_are_refused():
    extra = {f"content/images/{i}.png": b"x" for i in range(10)}
    assert "at most 8 are allowed" in refusal(package(extra=extra), max_files=8)


def test_a_large_file_is_refused():
    message = refusal(
        package(extra={"content/video.mp4": b"\0" * (2 * 1024 * 1024)}),
        max_file_bytes=1024 * 1024,
        max_ratio=10_000,
    )
    assert "“content/video.mp4” unpacks to more than 1 MB" in message


def test_a_large_total_is_refused():
    extra = {f"content/{i}.mp3": bytes(range(256)) * 3000 for i in range(3)}
    message = refusal(package(extra=extra), max_total_bytes=2 * 1024 * 1024)
    assert "The package unpacks to more than 2 MB" in message


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    bomb = {"content/bomb.txt": b"\0" * (20 * 1024 * 1024)}
    assert "looks like a zip bomb" in refusal(package(extra=bomb))


def test_a_member_larger_than_its_header_says_is_refused():
    data = bytearray(package(extra={"content/big.txt": b"a" * 4000}))
    # Shrink the declared size in the local and central headers: the real bytes must not
    # slip through (the name starts 30 bytes into a local header, 46 into a central one).
    name = b"content/big.txt"
    local = data.find(name) - 30
    central = data.rfind(name) - 46
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    message = refusal(bytes(data))
    assert "“content/big.txt”" in message


def test_a_package_without_h5p_json_is_refused():
    assert "has no h5p.json" in refusal(package(drop=["h5p.json"]))


@pytest.mark.parametrize(
    ("h5p_json", "expected"),
    [
        ("{not json", "“h5p.json” is not valid JSON"),
        ("[1, 2]", "h5p.json must hold a JSON object"),
        (json.dumps({"mainLibrary": "Test.Check"}), "h5p.json has no title"),
        (json.dumps({"title": "x", "mainLibrary": "../x"}), "no valid mainLibrary"),
        (
            json.dumps({"title": "x", "mainLibrary": "Test.Check", "preloadedDependencies": []}),
            "is not among its preloadedDependencies",
        ),
        (
            json.dumps(
                {
                    "title": "x",
                    "mainLibrary": "Test.Check",
                    "preloadedDependencies": [{"machineName": "Test.Check"}],
                }
            ),
            "h5p.json: the dependency Test.Check has no valid majorVersion, minorVersion.",
        ),
        ('{"title": NaN}', "“h5p.json” is not valid JSON"),
    ],
)
def test_a_broken_h5p_json_is_refused(h5p_json, expected):
    assert expected in refusal(package(extra={"h5p.json": h5p_json}))


def test_a_package_without_content_json_is_refused():
    assert "has no content/content.json" in refusal(package(drop=["content/content.json"]))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "unterminated', "“content/content.json” is not valid JSON"),
        ("[]", "content/content.json must hold a JSON object"),
        (b"\xff\xfe\x00", "“content/content.json” is not valid JSON"),
    ],
)
def test_a_broken_content_json_is_refused(content, expected):
    assert expected in refusal(package(extra={"content/content.json": content}))


def test_a_broken_library_json_is_refused():
    message = refusal(package(extra={"Test.Check-1.0/library.json": "{"}))
    assert "“Test.Check-1.0/library.json” is not valid JSON" in message


def test_a_library_folder_that_disagrees_with_library_json_is_refused():
    from tests.quizzes.h5p.packages import library_files

    files = library_files("Test.Check", 1, 0)
    extra = {
        "Test.Check-1.0/library.json": files["Test.Check-1.0/library.json"].replace(
            '"minorVersion": 0', '"minorVersion": 1'
        )
    }
    assert refusal(package(extra=extra)) == (
        "Test.Check-1.0/library.json describes the library Test.Check-1.1, but its folder "
        "name says Test.Check-1.0."
    )


@pytest.mark.parametrize("field", ["machineName", "majorVersion", "minorVersion"])
def test_a_library_json_without_a_version_field_is_refused_naming_the_field(field):
    from tests.quizzes.h5p.packages import library_files

    library = json.loads(library_files("Test.Check", 1, 0)["Test.Check-1.0/library.json"])
    del library[field]
    extra = {"Test.Check-1.0/library.json": json.dumps(library)}
    assert refusal(package(extra=extra)) == f"Test.Check-1.0/library.json has no valid {field}."


def test_a_dependency_of_h5p_json_without_a_major_version_is_refused_naming_it():
    h5p_json = {
        "title": "x",
        "mainLibrary": "Test.Check",
        "preloadedDependencies": [{"machineName": "Test.Check", "minorVersion": 0}],
    }
    message = refusal(package(extra={"h5p.json": json.dumps(h5p_json)}))
    assert message == "h5p.json: the dependency Test.Check has no valid majorVersion."


def test_a_library_file_listed_but_missing_is_refused():
    message = refusal(package(drop=["Test.Check-1.0/check.js"]))
    assert "lists a file that is not in the package: check.js" in message


def test_an_odd_top_folder_is_refused():
    assert "“scripts” is neither content/" in refusal(package(extra={"scripts/x.js": "1"}))


def test_a_duplicate_member_is_refused():
    buffer = io.BytesIO(package())
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("h5p.json", "{}")
    assert "appears twice" in refusal(buffer.getvalue())


def test_every_real_sample_passes_the_checks():
    for path in require_samples():
        checked = check_package(path)
        assert checked.main in checked.libraries, path.name
        assert checked.external == (), path.name
