"""The statements a POS webhook runs while it holds the database's write lock, as plain SQL
written once, so the lock is held for the statements and not for building them.

On SQLite there is one write lock for every process. The ORM spends about half a
millisecond of Python building each statement (more on a busy machine): the webhook's
transaction of seven ORM statements held the lock for ~7 ms, which capped the endpoint at
~140 events/s and queued the rest. These run in microseconds; each names its table and
columns from the model, and runs unchanged on SQLite (3.24+) and PostgreSQL.
"""

# Table and column names come from the models and every value is a parameter:
# ruff: noqa: S608

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db import connection, models
from django.utils import timezone

from .models import PosSession, UsedCode, WebhookCall


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _when(moment: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(moment)


def prior_answer(connection_id: int, replay_key: str) -> str | None:
    """The answer this event got the first time, if it was answered before."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT answer FROM {_table(WebhookCall)} WHERE connection_id = %s"
            " AND replay_key = %s AND status = 200 ORDER BY id LIMIT 1",
            [connection_id, replay_key],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def claim_code_step(customer_id: int, step: int, session_key: str) -> bool:
    """Whether the code's time step is this session's: claimed now, or by it before."""
    table = _table(UsedCode)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (customer_id, step, session_key, used_at)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (customer_id, step) DO NOTHING",
            [customer_id, step, session_key, _when(timezone.now())],
        )
        cursor.execute(
            f"SELECT session_key FROM {table} WHERE customer_id = %s AND step = %s",
            [customer_id, step],
        )
        return cursor.fetchone()[0] == session_key


@cache
def _session_defaults() -> dict[str, object]:
    """Every column of a new PosSession with its model default (none is a callable), so an
    insert stays complete when a field is added to the model."""
    values = {}
    for field in PosSession._meta.concrete_fields:
        if field.primary_key:
            continue
        default = field.get_default()
        values[field.column] = field.get_db_prep_save(default, connection)
    return values


def _upsert_session(new: dict[str, object], on_conflict: str, params: list) -> None:
    values = {**_session_defaults(), **new}
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(PosSession)} ({columns}) VALUES ({marks})"
            f" ON CONFLICT (connection_id, session_id) DO UPDATE SET {on_conflict}",
            [*values.values(), *params],
        )


def _new_session(connection_id: int, request) -> dict[str, object]:
    return {
        "connection_id": connection_id,
        "session_id": request.session_id,
        "branch_number": request.branch_number,
        "workplace_number": request.workplace_number,
        "started_at": _when(request.timestamp),
    }


def remember_customer(connection_id: int, request, customer_id: int) -> None:
    """scanCode: the session (new or known) is this customer's."""
    new = {**_new_session(connection_id, request), "customer_id": customer_id}
    _upsert_session(new, "customer_id = %s", [customer_id])


@dataclass(frozen=True)
class CompletedSession:
    pk: int
    customer_id: int | None
    receipt_id: int | None


def complete_session(
    connection_id: int, request, is_credit: bool, claim_hash: str
) -> CompletedSession:
    """completeSession / creditSession: paid, with its total; a session without a customer
    (and not a credit) gets `claim_hash` for the link printed under the receipt."""
    table = _table(PosSession)
    email = (request.relation.email or "") if request.relation else ""
    completed_at = _when(request.timestamp)
    new = {
        **_new_session(connection_id, request),
        "completed_at": completed_at,
        "total_incl_cents": request.total_incl_cents,
        "is_credit": is_credit,
        "relation_email": email,
        "claim_hash": "" if is_credit else claim_hash,
    }
    # A known session keeps its start, its relation e-mail unless a new one came, and its
    # claim link when it has a customer or this is a credit.
    replace_claim = "" if is_credit else claim_hash
    on_conflict = (
        "completed_at = %s, total_incl_cents = %s, is_credit = %s,"
        f" relation_email = CASE WHEN %s <> '' THEN %s ELSE {table}.relation_email END,"
        f" claim_hash = CASE WHEN {table}.customer_id IS NULL AND %s <> ''"
        f" THEN %s ELSE {table}.claim_hash END"
    )
    params = [
        completed_at, request.total_incl_cents, is_credit, email, email,
        replace_claim, replace_claim,
    ]  # fmt: skip
    _upsert_session(new, on_conflict, params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, customer_id, receipt_id FROM {table}"
            " WHERE connection_id = %s AND session_id = %s",
            [connection_id, request.session_id],
        )
        return CompletedSession(*cursor.fetchone())


def stored_receipt_id(connection_id: int, session_id: str) -> int | None:
    """A receipt already imported for this session (a run came before completeSession)."""
    from kassalink.receipts.models import Receipt

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {_table(Receipt)} WHERE connection_id = %s"
            " AND webhook_session_id = %s LIMIT 1",
            [connection_id, session_id],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def insert_call(
    connection_id: int,
    event: str,
    status: int,
    answer: bytes,
    started: float,
    session_id: str = "",
    replay_key: str = "",
    error_code: str = "",
    outcome: str = "",
) -> None:
    """The webhook log row: each call, its answer and how long it took until now."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(WebhookCall)} (connection_id, event, session_id, replay_key,"
            " received_at, status, error_code, outcome, answer, elapsed_ms)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                connection_id, event[:40], session_id, replay_key, _when(timezone.now()),
                status, error_code, outcome[:200], answer.decode(),
                (time.perf_counter() - started) * 1000,
            ],
        )  # fmt: skip
