"""Workforce data: the shop's structure, roster and timesheets, and the POS mirrors."""

from .mapping import (
    CostCenterRule,
    EmployeeMapping,
    PosBranch,
    PosCostCenter,
    UnmappedEmployeeReport,
)
from .pos import PosEmployee, PosShift
from .roster import RosterShift
from .structure import Department, Employee, Team
from .timesheets import TimesheetComment, TimesheetCorrection, TimesheetEntry

__all__ = [
    "CostCenterRule",
    "Department",
    "Employee",
    "EmployeeMapping",
    "PosBranch",
    "PosCostCenter",
    "PosEmployee",
    "PosShift",
    "RosterShift",
    "Team",
    "TimesheetComment",
    "TimesheetCorrection",
    "TimesheetEntry",
    "UnmappedEmployeeReport",
]
