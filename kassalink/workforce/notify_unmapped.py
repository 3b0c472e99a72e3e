"""The import notification e-mail about MplusKASSA employees whose clock times wait for a
mapping. Each number is told once per connection (UnmappedEmployeeReport), so a sync every
few minutes does not send a mail every few minutes; it goes out on commit only.

Right after activation the shop has not had a chance to map anyone yet, so nothing is told
until `KASSALINK_UNMAPPED_MAIL_DELAY` seconds (default an hour) have passed since then; the
next sync after that tells whoever is still not mapped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.sync.conf import setting_int

from .models import PosEmployee, UnmappedEmployeeReport


def mail_delay() -> dt.timedelta:
    """How long after activation the shop gets to map before we mail (at least a minute)."""
    return dt.timedelta(seconds=max(60, setting_int("KASSALINK_UNMAPPED_MAIL_DELAY", 3600)))


def report_unmapped(
    connection: Connection, numbers: Iterable[int], now: dt.datetime | None = None
) -> list[int]:
    """Remember the numbers not told before and mail them; returns those new numbers.
    Within the delay after activation nobody is told (and nobody counts as told)."""
    now = now or timezone.now()
    if connection.activated_at is not None and now - connection.activated_at < mail_delay():
        return []
    told = set(
        UnmappedEmployeeReport.objects.filter(connection=connection).values_list(
            "pos_number", flat=True
        )
    )
    new = sorted(set(numbers) - told)
    if not new:
        return []
    UnmappedEmployeeReport.objects.bulk_create(
        [
            UnmappedEmployeeReport(
                organization_id=connection.organization_id, connection=connection, pos_number=n
            )
            for n in new
        ],
        ignore_conflicts=True,
    )
    if connection.import_notification_email:
        transaction.on_commit(partial(_send, connection.pk, new))
    return new


def _send(connection_id: int, numbers: list[int]) -> None:
    from kassalink.web.mail import send_templated_mail

    connection = Connection.objects.get(pk=connection_id)
    known = {
        e.number: e for e in PosEmployee.objects.filter(connection=connection, number__in=numbers)
    }
    employees = [
        {
            "number": n,
            "name": known[n].name if n in known else "",
            "has_group": known[n].has_authorization_group if n in known else False,
        }
        for n in numbers
    ]
    send_templated_mail(
        "workforce/mapping_unmapped_mail",
        [connection.import_notification_email],
        {"connection": connection, "employees": employees},
    )
