"""`kassalink simulator`: help text, and a real start and stop on a free port."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def test_help_names_the_chain_flags(capsys):
    try:
        main(["--help"])
    except SystemExit as exit:
        assert exit.code == 0
    out = capsys.readouterr().out
    assert "--days" in out and "--receipts-per-day" in out and "--branches" in out


def test_a_chain_of_fifty_branches_over_a_year_serves_from_a_small_process():
    """The default size (~30 million receipts) is computed, not held: the process stays
    small after serving a full page from the middle of the year."""
    from kassalink.mplus.client import MplusClient

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kassalink", "simulator", "--port", str(port),
         "--start", "2026-03-28T14:00", "--branches", "50", "--days", "365"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert f"http://127.0.0.1:{port}/" in process.stdout.readline()
        client = MplusClient("127.0.0.1", port, "demo", "demo", scheme="http")
        deadline = time.monotonic() + 30
        while True:
            try:
                branches = client.get_branches()
                break
            except Exception:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert [b.number for b in branches] == list(range(1, 51))
        markers = client.get_current_sync_markers()
        assert 28_000_000 < markers.receipt < 33_000_000
        page = client.get_receipts(sync_marker=15_000_000, sync_marker_limit=5000)
        assert [r.sync_marker for r in page] == list(range(15_000_000, 15_005_000))
        status = Path(f"/proc/{process.pid}/status").read_text()
        rss_kb = int(
            next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]
        )
        assert rss_kb < 200 * 1024
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
