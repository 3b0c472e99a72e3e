"""The one command line: help for every command, and `kassalink serve` really serving."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

KASSALINK = [sys.executable, "-m", "kassalink"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KASSALINK, *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_help_lists_our_commands_and_django_ones():
    result = run("help")
    assert result.returncode == 0
    for command in ("serve", "worker", "simulator", "migrate", "createsuperuser", "demo"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["serve", "worker", "demo"])
def test_each_command_explains_itself(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_the_app_under_gunicorn(tmp_path):
    port = free_port()
    env = {**os.environ, "KASSALINK_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [*KASSALINK, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status": "ok"}'
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css") as r:
            assert r.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "gunicorn" in output.lower() or "Booting worker" in output
