"""Verified POS webhook events that met a database error, kept on disk until the database
answers again, so a code scanned while it was down still ties its customer to the receipt,
also when the web process restarts in between. The till got the fallback answer meanwhile.

Each process appends to its own file under KASSALINK_DATA_DIR/webhook-spool/ (a JSON line
per event, flushed to disk before the answer goes out). `drain` claims a file by renaming
it, hands its events oldest first to the handler and deletes it; what the handler could not
take (the database failed again) goes back into the spool. Handling is idempotent (the
replay check answers an event handled before and changes nothing), so a file a crashed
process left half drained is simply drained again.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

PENDING = "pending-"
DRAINING = "draining-"

_lock = threading.Lock()
_known_empty = False  # nothing spooled by anyone since this process last looked


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "webhook-spool"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(subscription_id: str, event: str, body: bytes) -> None:
    """Spool one verified event (its signed body) for later."""
    _append(json.dumps({"subscription": subscription_id, "event": event, "body": body.decode()}))


def has_pending() -> bool:
    """Whether anything may wait (cheap: the folder is looked at only until it is empty)."""
    global _known_empty
    if _known_empty:
        return False
    with _lock:
        found = any(_claimable(path) for path in folder().iterdir())
        _known_empty = not found
    return found


def _claimable(path: Path) -> bool:
    """Our own pending file, or any file of a process that is gone (it restarted, or died
    while draining). A live process's pending file is its own to drain: it may be writing."""
    name = path.name
    if not name.startswith((PENDING, DRAINING)):
        return False
    pid = name.split("-")[1].split(".")[0]
    if name.startswith(PENDING) and pid == str(os.getpid()):
        return True
    return not _alive(pid)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


Handler = Callable[[str, str, bytes], None]


def drain(handler: Handler, transient: tuple[type[Exception], ...]) -> int:
    """Hand every spooled event, oldest file first, to `handler(subscription id, event,
    body)`. A `transient` error stops it (re-raised once the rest is spooled again); any
    other is logged and that event dropped, so one bad event cannot block the rest.
    Returns how many were handled."""
    done = 0
    paths = sorted(
        (p for p in folder().iterdir() if _claimable(p)), key=lambda p: p.stat().st_mtime
    )
    for path in paths:
        claimed = path.with_name(f"{DRAINING}{os.getpid()}-{uuid.uuid4().hex}.jsonl")
        try:
            with _lock:  # not while this process appends to it
                path.rename(claimed)
        except FileNotFoundError:
            continue  # another process claimed it first
        lines = claimed.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut off by a crash while it was written
                log.warning("webhook spool: unreadable line skipped in %s", claimed.name)
                continue
            try:
                handler(entry["subscription"], entry["event"], entry["body"].encode())
            except transient:
                for rest in lines[n:]:
                    _append(rest)
                claimed.unlink()
                raise
            except Exception:
                log.exception("webhook spool: %s dropped, it cannot be handled", entry["event"])
                continue
            done += 1
        claimed.unlink()
    return done


def _append(line: str) -> None:
    global _known_empty
    with _lock:
        with open(folder() / f"{PENDING}{os.getpid()}.jsonl", "a", encoding="utf-8") as spool:
            spool.write(line + "\n")
            spool.flush()
            os.fsync(spool.fileno())
        _known_empty = False


def forget_known_state() -> None:
    """Look at the folder again (tests, and a process that changed KASSALINK_DATA_DIR)."""
    global _known_empty
    _known_empty = False
