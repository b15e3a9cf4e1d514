"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest

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


def test_missing_secret_key_is_a_clear_error():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_cli("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("0", False), ("", False)])
def test_env_bool(value, expected, monkeypatch):
    from impactinkoop.settings import env_bool

    monkeypatch.setenv("X_FLAG", value)
    assert env_bool("X_FLAG") is expected
