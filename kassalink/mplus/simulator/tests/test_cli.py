"""`kassalink simulator`: help text, and a real start and stop on a free port."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from kassalink.mplus.simulator.cli import main


def test_help_says_what_it_does(capsys):
    try:
        main(["--help"])
    except SystemExit as exit:
        assert exit.code == 0
    out = capsys.readouterr().out
    assert "simulated MplusKASSA account" in out and "--port" in out and "--start" in out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_starts_serves_and_stops():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kassalink", "simulator", "--port", str(port),
         "--start", "2026-03-28T06:00", "--history-days", "2", "--speed", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        first_line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        deadline = time.monotonic() + 10
        while True:
            try:
                url = f"http://127.0.0.1:{port}/_simulator/state"
                with urllib.request.urlopen(url, timeout=2) as response:
                    state = json.loads(response.read())
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert state["now"].startswith("2026-03-28T06:") and state["now"].endswith("+01:00")
        assert state["realtime"] is True and state["receipts"] > 0
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
