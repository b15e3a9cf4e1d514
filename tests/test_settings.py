"""Production settings come from the environment and pass Django's deployment checks; a newcomer
without settings gets a working install, and a typo in a setting is an error."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "impactinkoop.voorbeeldstad.nl",
    "DJANGO_SETTINGS_MODULE": "impactinkoop.settings",
}


def run_cli(*args, env):
    ignored = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "-m", "impactinkoop.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_rq_set_up_of_the_operations_guide_passes_the_deployment_checks():
    """Two settings switch the jobs to RQ with Redis; the backend's own checks (django-rq
    installed, its queue configured) pass."""
    pytest.importorskip("django_tasks_rq")
    env = {
        **PRODUCTION_ENV,
        "TASK_BACKEND": "django_tasks_rq.RQBackend",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_a_secret_key_one_is_made_once_and_kept_for_the_owner_only(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "DATA_DIR": str(tmp_path)}
    first = run_cli("check", env=env)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) == 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "more than one machine must set the same SECRET_KEY" in first.stderr

    again = run_cli(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
    )
    assert again.stdout.strip() == key
    assert "SECRET_KEY" not in again.stderr  # said once, when the key was made


def test_check_deploy_warns_that_a_kept_key_is_for_one_machine_only(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "DATA_DIR": str(tmp_path)}
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "(impactinkoop.W001) SECRET_KEY is not set" in result.stderr
    assert "more than one machine must set the same SECRET_KEY" in result.stderr


def test_an_empty_key_file_is_a_clear_error(tmp_path):
    (tmp_path / "secret_key").write_text("")
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "DATA_DIR": str(tmp_path)}
    result = run_cli("check", env=env)
    assert result.returncode != 0
    assert f"{tmp_path / 'secret_key'} is empty: delete it or set SECRET_KEY." in result.stderr


def test_a_typo_in_a_yes_no_setting_is_an_error_that_names_it():
    result = run_cli("check", env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "ture"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='ture' is not a yes/no value" in result.stderr


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool(value, expected, monkeypatch):
    from impactinkoop.settings import env_bool

    monkeypatch.setenv("X_FLAG", value)
    assert env_bool("X_FLAG") is expected


def test_env_bool_falls_back_to_its_default_only_when_unset_or_empty(monkeypatch):
    from impactinkoop.settings import env_bool

    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "")
    assert env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='ture' is not a yes/no value"):
        env_bool("X_FLAG", True)


def test_a_checkout_keeps_its_data_in_var_and_an_installed_package_in_the_users_folder(
    tmp_path, monkeypatch
):
    from impactinkoop.settings import default_data_dir

    checkout = tmp_path / "checkout"
    (checkout / "src" / "impactinkoop").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("")
    assert default_data_dir(checkout / "src" / "impactinkoop") == checkout / "var"

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "impactinkoop"
    installed.mkdir(parents=True)
    assert default_data_dir(installed) == tmp_path / "home" / ".local" / "share" / "impactinkoop"
