"""Workforce data: the shop's structure, roster and timesheets, and the POS mirrors."""

from .pos import PosEmployee, PosShift
from .roster import RosterShift
from .structure import Department, Employee, Team
from .timesheets import TimesheetEntry

__all__ = [
    "Department",
    "Employee",
    "PosEmployee",
    "PosShift",
    "RosterShift",
    "Team",
    "TimesheetEntry",
]
