"""State changes of Insights (`do_*`): the Omzet settings and a team's targets, each in
one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.workforce.models import Department, Team

from .buckets import local_day
from .imports import rebuild_turnover
from .models import BranchTeam, TurnoverSettings

# Switching Omzet on recomputes this many days from stored receipts.
REBUILD_DAYS = 62


def settings_of(connection: Connection) -> TurnoverSettings:
    """The connection's Omzet settings; off until someone switches them on."""
    settings, _created = TurnoverSettings.objects.get_or_create(
        connection=connection, defaults={"organization_id": connection.organization_id}
    )
    return settings


def do_save_turnover_settings(
    connection: Connection,
    *,
    enabled: bool,
    includes_vat: bool,
    team: Team | None,
    branch_teams: Mapping[int, Team],
    today: dt.date | None = None,
) -> TurnoverSettings:
    """Store the Omzet tab. When turnover is switched on, the recent buckets are computed
    from the receipts already stored (no second fetch); a changed team applies to
    turnover from now on, earlier buckets keep the team they were booked under."""
    for chosen in (team, *branch_teams.values()):
        if chosen is not None and chosen.organization_id != connection.organization_id:
            raise ValueError("a team of another organization")
    with transaction.atomic():
        settings = settings_of(connection)
        was_enabled = settings.enabled
        settings.enabled, settings.includes_vat, settings.team = enabled, includes_vat, team
        settings.save()
        settings.branch_teams.all().delete()
        BranchTeam.objects.bulk_create(
            BranchTeam(settings=settings, branch_number=n, team=t) for n, t in branch_teams.items()
        )
        if enabled and not was_enabled:
            since = (today or local_day(timezone.now())) - dt.timedelta(days=REBUILD_DAYS)
            rebuild_turnover(connection, since)
    return settings


def do_create_first_team(connection: Connection, team_name: str, department_name: str) -> Team:
    """A team (and its department when new) for a shop that had none."""
    with transaction.atomic():
        department, _created = Department.objects.get_or_create(
            organization_id=connection.organization_id, name=department_name.strip()
        )
        team, _created = Team.objects.get_or_create(
            organization_id=connection.organization_id,
            department=department,
            name=team_name.strip(),
        )
    return team
