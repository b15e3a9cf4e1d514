"""The front-end packages without Node.js (decision 0016): a tarball is used only when its
integrity hash matches, only the listed regular files come out of it, nothing outside the vendor
folder is written, and a second install needs no network. Tiny tarballs made here, served by
file:// URLs: no test touches the registry."""

import io
import tarfile
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from impactinkoop.core import assets, checks
from impactinkoop.core.assets import AssetError, Package

CSS = b".utrecht-button { color: var(--utrecht-button-color); }\n"
LICENCE = b"EUROPEAN UNION PUBLIC LICENCE v. 1.2\n"


def make_tarball(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None):
    """A gzipped tarball as npm packs it: every file under `package/`, unless a name says else."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return path


def package_for(tarball: Path, files=("dist/index.css", "LICENSE.md"), **changes) -> Package:
    return replace(
        Package(
            name="@utrecht/component-library-css",
            version="9.0.4",
            tarball=tarball.as_uri(),
            integrity=assets.integrity_of(tarball.read_bytes()),
            licence="EUPL-1.2",
            files=tuple(files),
        ),
        **changes,
    )


@pytest.fixture
def npm_tarball(tmp_path) -> Path:
    return make_tarball(
        tmp_path / "component-library-css-9.0.4.tgz",
        {
            "package/dist/index.css": CSS,
            "package/dist/html.css": b"html {}\n",
            "package/LICENSE.md": LICENCE,
            "package/package.json": b"{}",
        },
    )


def test_only_the_listed_files_are_extracted_with_a_notice(npm_tarball, tmp_path):
    package = package_for(npm_tarball)
    vendor = tmp_path / "vendor"

    assert assets.install_assets([package], vendor_root=vendor, cache=tmp_path / "cache") == [
        package
    ]

    folder = vendor / "utrecht" / "component-library-css"
    assert sorted(p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()) == [
        "utrecht/component-library-css/LICENSE.md",
        "utrecht/component-library-css/NOTICE",
        "utrecht/component-library-css/dist/index.css",
    ]
    assert (folder / "dist" / "index.css").read_bytes() == CSS
    notice = (folder / "NOTICE").read_text()
    assert "@utrecht/component-library-css 9.0.4\nLicence: EUPL-1.2" in notice
    assert f"Integrity: {package.integrity}\n" in notice
    assert assets.missing_assets([package], vendor_root=vendor) == []


def test_a_hash_mismatch_is_refused_naming_the_package_and_both_hashes(npm_tarball, tmp_path):
    expected = assets.integrity_of(b"another tarball")
    package = package_for(npm_tarball, integrity=expected)
    vendor, cache = tmp_path / "vendor", tmp_path / "cache"

    with pytest.raises(AssetError) as refused:
        assets.install_assets([package], vendor_root=vendor, cache=cache)

    message = str(refused.value)
    assert message.startswith("@utrecht/component-library-css 9.0.4: the tarball's integrity")
    assert f"expected (assets.toml): {expected}" in message
    assert f"downloaded:             {assets.integrity_of(npm_tarball.read_bytes())}" in message
    assert not vendor.exists()
    assert not list(cache.rglob("*.tgz"))  # a refused download is not kept


@pytest.mark.parametrize(
    "bad_name", ["package/../../escaped.css", "/etc/escaped.css", "package/dist/../../../x"]
)
def test_a_tarball_with_a_path_leaving_its_folder_is_refused_whole(tmp_path, bad_name):
    tarball = make_tarball(
        tmp_path / "evil.tgz",
        {"package/dist/index.css": CSS, "package/LICENSE.md": LICENCE, bad_name: b"owned"},
    )
    vendor = tmp_path / "deep" / "vendor"

    with pytest.raises(AssetError, match="unsafe path"):
        assets.install_assets([package_for(tarball)], vendor_root=vendor, cache=tmp_path / "cache")

    assert not vendor.exists()
    assert not list(tmp_path.rglob("escaped.css"))
    assert not (tmp_path / "x").exists()


def test_a_listed_file_that_is_a_link_is_refused(tmp_path):
    tarball = make_tarball(
        tmp_path / "linked.tgz",
        {"package/LICENSE.md": LICENCE},
        links={"package/dist/index.css": "/etc/passwd"},
    )
    vendor = tmp_path / "vendor"

    with pytest.raises(AssetError, match="'dist/index.css' is not a regular file"):
        assets.install_assets([package_for(tarball)], vendor_root=vendor, cache=tmp_path / "c")

    assert not vendor.exists()


def test_a_listed_path_leaving_the_vendor_folder_is_refused(npm_tarball, tmp_path):
    package = package_for(npm_tarball, files=("../../settings.py",))
    with pytest.raises(AssetError, match="unsafe path '../../settings.py'"):
        assets.install_assets([package], vendor_root=tmp_path / "vendor", cache=tmp_path / "c")


def test_a_failure_half_way_keeps_the_previous_files(npm_tarball, tmp_path):
    """A newer version that lacks a listed file leaves the installed one untouched."""
    vendor, cache = tmp_path / "vendor", tmp_path / "cache"
    assets.install_assets([package_for(npm_tarball)], vendor_root=vendor, cache=cache)
    newer = package_for(npm_tarball, version="9.1.0", files=("dist/index.css", "dist/gone.css"))

    with pytest.raises(AssetError, match="9.1.0 has no file 'dist/gone.css'"):
        assets.install_assets([newer], vendor_root=vendor, cache=cache)

    folder = vendor / "utrecht" / "component-library-css"
    assert "9.0.4" in (folder / "NOTICE").read_text()
    assert (folder / "dist" / "index.css").read_bytes() == CSS
    assert [p.name for p in (vendor / "utrecht").iterdir()] == ["component-library-css"]


def test_the_cache_serves_a_second_install_without_the_network(npm_tarball, tmp_path):
    package = package_for(npm_tarball)
    cache = tmp_path / "cache"
    assets.install_assets([package], vendor_root=tmp_path / "first", cache=cache)
    npm_tarball.unlink()  # the "registry" is gone

    assert assets.install_assets([package], vendor_root=tmp_path / "second", cache=cache) == [
        package
    ]
    assert (tmp_path / "second/utrecht/component-library-css/dist/index.css").read_bytes() == CSS


def test_without_cache_or_network_the_error_says_what_to_do(npm_tarball, tmp_path):
    package = package_for(npm_tarball)
    npm_tarball.unlink()

    with pytest.raises(AssetError) as refused:
        assets.install_assets([package], vendor_root=tmp_path / "v", cache=tmp_path / "cache")

    message = str(refused.value)
    assert "@utrecht/component-library-css 9.0.4 is not in the cache" in message
    assert str(tmp_path / "cache" / "tarballs" / package.archive_name) in message
    assert "Connect this machine to the internet and try again" in message


def test_a_damaged_cached_tarball_is_fetched_again(npm_tarball, tmp_path):
    package = package_for(npm_tarball)
    cached = tmp_path / "cache" / "tarballs" / package.archive_name
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"truncated")

    assets.install_assets([package], vendor_root=tmp_path / "v", cache=tmp_path / "cache")

    assert cached.read_bytes() == npm_tarball.read_bytes()


def test_a_test_only_package_goes_to_the_cache_and_is_never_served(tmp_path):
    tarball = make_tarball(
        tmp_path / "axe-core-4.14.1.tgz",
        {"package/axe.min.js": b"window.axe = {};", "package/LICENSE": b"MPL-2.0"},
    )
    axe = package_for(
        tarball, name="axe-core", version="4.14.1", files=("axe.min.js",), test_only=True
    )
    vendor, cache = tmp_path / "vendor", tmp_path / "cache"

    assert assets.install_assets([axe], vendor_root=vendor, cache=cache) == []
    path = assets.test_asset_path("axe-core", "axe.min.js", packages=[axe], cache=cache)

    assert path == cache / "test-assets" / "axe-core-4.14.1" / "axe.min.js"
    assert path.read_bytes() == b"window.axe = {};"
    assert not vendor.exists()
    with pytest.raises(AssetError, match="'axe.js' is not among the files"):
        assets.test_asset_path("axe-core", "axe.js", packages=[axe], cache=cache)


def test_the_manifest_pins_versions_hashes_and_licences():
    """What decision 0016 records: the served component CSS under the EUPL, axe-core (MPL-2.0)
    for the tests only, every tarball pinned by a sha512 integrity hash of the npm registry."""
    with assets.MANIFEST.open("rb") as file:
        raw = tomllib.load(file)["package"]
    packages = {package.name: package for package in assets.load_packages()}

    assert len(raw) == len(packages)
    utrecht, axe = packages["@utrecht/component-library-css"], packages["axe-core"]
    assert (utrecht.version, utrecht.licence, utrecht.test_only) == ("9.0.4", "EUPL-1.2", False)
    assert "dist/index.css" in utrecht.files
    assert (axe.version, axe.licence, axe.test_only) == ("4.14.1", "MPL-2.0", True)
    for package in packages.values():
        assert package.integrity.startswith("sha512-")
        assert package.tarball.endswith(f"-{package.version}.tgz")


def test_the_system_check_warns_when_the_vendor_files_are_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "VENDOR_ROOT", tmp_path / "vendor")

    warnings = checks.front_end_packages_in_place(None)

    assert [warning.id for warning in warnings] == ["impactinkoop.W002"]
    assert "@utrecht/component-library-css 9.0.4" in warnings[0].msg
    assert "impactinkoop fetch_assets" in warnings[0].hint


def test_fetch_assets_reports_a_failed_fetch_as_a_command_error(monkeypatch):
    def unreachable(**kwargs):
        raise AssetError("axe-core 4.14.1 is not in the cache")

    monkeypatch.setattr(assets, "install_assets", unreachable)
    with pytest.raises(CommandError, match="axe-core 4.14.1 is not in the cache"):
        call_command("fetch_assets")


def test_whitenoise_serves_the_component_css_in_debug(settings):
    """With DEBUG, WhiteNoise finds the checkout's vendor files through the static finders (no
    collectstatic); the file is what `make install` put there, the component CSS itself."""
    settings.DEBUG = True
    response = Client().get(
        "/static/vendor/utrecht/component-library-css/dist/index.css", secure=True
    )

    assert response.status_code == 200
    assert b".utrecht-button" in b"".join(response.streaming_content)
