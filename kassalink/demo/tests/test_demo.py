"""`make demo`'s last step, for real: seed, start simulator + web + worker, see data arrive."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kassalink.demo.seed import OWNER, seed_demo

KASSALINK = [sys.executable, "-m", "kassalink"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_seeding_twice_gives_one_shop_with_one_active_connection():
    first = seed_demo(8765)
    second = seed_demo(8766)
    assert first.pk == second.pk
    assert second.port == 8766 and second.status == "active"
    assert second.secret == "demo"


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_demo_runs_every_part_and_receipts_arrive(tmp_path):
    env = {
        **os.environ,
        "KASSALINK_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
    }
    env.pop("KASSALINK_BROKER_URL", None)
    subprocess.run([*KASSALINK, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    web, sim = free_port(), free_port()
    demo = subprocess.Popen(
        [*KASSALINK, "demo", "--port", str(web), "--simulator-port", str(sim)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        announced = ""
        while "  Simulator " not in announced:  # the last line of the announcement
            line = demo.stdout.readline()
            assert line, "kassalink demo stopped before announcing its URL"
            announced += line
        assert f"http://127.0.0.1:{web}/" in announced
        assert OWNER.username in announced and OWNER.password in announced
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/login/") as page:
            assert page.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{sim}/_simulator/state") as state:
            assert b"receipts" in state.read()
        db = tmp_path / "demo.sqlite3"
        deadline = time.monotonic() + 90
        while count(db, "receipts_receipt") == 0:
            assert time.monotonic() < deadline, "no receipt reached the demo within 90 s"
            time.sleep(1)
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
