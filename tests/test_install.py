"""A newcomer's first run: `pip install .` into a fresh virtual environment, then `impactinkoop
migrate` and `impactinkoop createsuperuser` with no settings at all, in a home folder of its own.
The database and the generated secret key land in the user's data folder."""

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    for name in ("pyproject.toml", "README.md", "LICENCE", "LICENCE.nl"):
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
