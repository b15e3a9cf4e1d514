"""A newcomer's first run: `pip install .` into a fresh virtual environment, then `impactinkoop
migrate` and `impactinkoop createsuperuser` with no settings at all, in a home folder of its own.
The database and the generated secret key land in the user's data folder. The build fetches the
front-end packages (decision 0016) from the cache, with the network shut, and WhiteNoise serves
them after `collectstatic`."""

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from impactinkoop.core import assets

ROOT = Path(__file__).resolve().parents[1]
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there
VENDOR_CSS = "vendor/utrecht/component-library-css/dist/index.css"


def dependency_paths() -> list[str]:
    """Where this interpreter finds the installed dependencies: not the standard library (the new
    environment has its own) and no folder that holds the project's own source, so the fresh
    environment runs the copy pip installed."""
    standard = Path(sysconfig.get_path("stdlib")).resolve()
    return [
        entry
        for entry in sys.path
        if entry
        and Path(entry).is_dir()
        and not Path(entry).resolve().is_relative_to(standard)
        and not (Path(entry) / "impactinkoop").exists()
    ]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the project installed by pip from a copy of the
    source. Its dependencies are this environment's (a `.pth` file points at them), so the test
    needs no download of Django and the rest; pip still builds the package for real."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    # Without the checkout's static/vendor/: the build step must put the files there itself.
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "vendor"),
    )
    # The tarballs come from the user's cache, which `make install` filled (it fetches them
    # like this build does); a machine without them downloads them here, once.
    for package in assets.load_packages():
        if not package.test_only:
            assets.tarball(package)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENCE", "LICENCE.nl"):
        shutil.copy(ROOT / name, source / name)
    environment = base / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text("\n".join(dependency_paths()) + "\n")
    # No download during the tests: the build uses this environment's setuptools (a dev
    # dependency, new enough for the licence field) instead of an isolated one from the index,
    # and the older setuptools that `venv` puts in the new environment is taken out of its way.
    subprocess.run(
        [python, "-m", "pip", "uninstall", "--quiet", "--yes", "setuptools"],
        capture_output=True,
        check=True,
    )
    result = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            source,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # The network shut for the build's downloads (urllib honours the proxy variables): the
        # front-end packages must come out of the cache.
        env={**os.environ, "https_proxy": UNREACHABLE, "http_proxy": UNREACHABLE, "no_proxy": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sysconfig.get_paths()["purelib"] != site_packages
    return environment


def run(environment: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The console script pip installed, with nothing in the environment but PATH, HOME and
    what the call adds."""
    return subprocess.run(
        [environment / "bin" / "impactinkoop", *args],
        env={"PATH": os.environ["PATH"], "HOME": str(home), **env},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_pip_install_then_migrate_and_createsuperuser_work_without_settings(installed, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local" / "share" / "impactinkoop"

    migrated = run(installed, home, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert "more than one machine must set the same SECRET_KEY" in migrated.stderr

    created = run(
        installed,
        home,
        "createsuperuser",
        "--no-input",
        DJANGO_SUPERUSER_EMAIL="beheer@voorbeeldstad.example",
        DJANGO_SUPERUSER_PASSWORD="een-lang-wachtwoord-42",
    )
    assert created.returncode == 0, created.stdout + created.stderr

    database = data / "impactinkoop.sqlite3"
    with sqlite3.connect(database) as connection:
        users = connection.execute("SELECT email, is_superuser FROM accounts_user").fetchall()
    assert users == [("beheer@voorbeeldstad.example", 1)]
    assert (data / "secret_key").stat().st_mode & 0o777 == 0o600
    # Nothing beside the installed package: no `var/` in site-packages or its parents.
    assert not list(installed.rglob("*.sqlite3"))


def test_the_built_package_carries_the_component_css_and_serves_it_after_collectstatic(
    installed, tmp_path
):
    home = tmp_path / "home"
    home.mkdir()
    purelib = subprocess.run(
        [installed / "bin" / "python", "-c", "import impactinkoop; print(impactinkoop.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    package = Path(purelib).parent
    css = package / "core" / "static" / VENDOR_CSS
    assert css.is_file()
    assert (
        (css.parents[1] / "NOTICE")
        .read_text()
        .startswith("@utrecht/component-library-css 9.0.4\nLicence: EUPL-1.2")
    )

    collected = run(installed, home, "collectstatic", "--no-input")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert "impactinkoop.W002" not in collected.stderr  # the system check finds the files
    # WhiteNoise serves the collected, hashed copy from STATIC_ROOT with debug off.
    script = (
        "from django.templatetags.static import static; from django.test import Client; "
        f"url = static({VENDOR_CSS!r}); "
        "response = Client().get(url, HTTP_HOST='localhost', secure=True); "
        "print(url, response.status_code, response['Content-Type'], sep='|', end='|'); print("
        "b''.join(response.streaming_content).count(b'.utrecht-button'))"
    )
    served = run(installed, home, "shell", "--no-imports", "-c", script, ALLOWED_HOSTS="localhost")
    assert served.returncode == 0, served.stdout + served.stderr
    url, status, content_type, buttons = served.stdout.strip().split("|")
    assert url.startswith("/static/vendor/utrecht/component-library-css/dist/index.")
    assert url != f"/static/{VENDOR_CSS}"  # the manifest's name, with its hash
    assert (status, content_type) == ("200", 'text/css; charset="utf-8"')
    assert int(buttons) > 10
