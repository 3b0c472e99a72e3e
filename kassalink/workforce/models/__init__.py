"""Workforce data: the shop's structure, roster and timesheets, and the POS mirrors."""

from .mapping import CostCenterRule, EmployeeMapping, PosCostCenter, UnmappedEmployeeReport
from .pos import PosEmployee, PosShift
from .roster import RosterShift
from .structure import Department, Employee, Team
from .timesheets import TimesheetEntry

__all__ = [
    "CostCenterRule",
    "Department",
    "Employee",
    "EmployeeMapping",
    "PosCostCenter",
    "PosEmployee",
    "PosShift",
    "RosterShift",
    "Team",
    "TimesheetEntry",
    "UnmappedEmployeeReport",
]
