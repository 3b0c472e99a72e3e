"""reportTurnover: receipt turnover per financial date, or per hour when asked.

`totalInclAmount`/`totalExclAmount` are net (sales plus credits, credits negative);
`creditedInclAmount`/`creditedExclAmount` are the credit receipts alone (negative);
`count` counts sales and `creditedCount` credits. With a turnover group filter the
amounts come from the matching lines only.
"""

from datetime import date, datetime

from .chain import ChainHistory
from .chain_receipts import block_turnover
from .records import Receipt
from .soap import Fields, client_fault, response_element
from .soap_time import local, local_datetime, xsd_date, xsd_datetime
from .world import Simulator


def _amounts(receipt: Receipt, groups: set[int]) -> tuple[int, int] | None:
    if not groups:
        return receipt.total_incl, receipt.total_excl
    lines = [line for line in receipt.lines if line.article.turnover_group in groups]
    if not lines:
        return None
    return sum(line.total_incl for line in lines), sum(line.total_excl for line in lines)


def report_turnover(sim: Simulator, request: Fields) -> str:
    fields = request.child("request")
    dates = fields.child("dateFilter")
    first, last = dates.xsd_date("fromFinancialDate"), dates.xsd_date("throughFinancialDate")
    if first is None or last is None:
        raise client_fault("dateFilter needs fromFinancialDate and throughFinancialDate")
    branches = set(fields.child("branchFilter").ints("branchNumbers"))
    groups = set(fields.child("turnoverGroupFilter").ints("turnoverGroups"))
    per_hour = fields.bool("perHour", False)
    buckets: dict[tuple[date, datetime | None], list[int]] = {}
    for receipt in sim.receipts_from(0):
        if not first <= receipt.financial_date <= last:
            continue
        if branches and receipt.branch_number not in branches:
            continue
        amounts = _amounts(receipt, groups)
        if amounts is None:
            continue
        hour = None
        if per_hour:
            hour = local(receipt.entry).replace(minute=0, second=0, microsecond=0)
        row = buckets.setdefault((receipt.financial_date, hour), [0, 0, 0, 0, 0, 0])
        row[0] += amounts[0]
        row[1] += amounts[1]
        if receipt.is_credit:
            row[2] += amounts[0]
            row[3] += amounts[1]
            row[5] += 1
        else:
            row[4] += 1
    if sim.chain is not None:
        _add_history(sim.chain, buckets, first, last, branches, frozenset(groups), per_hour)
    rows = []
    for (day, hour), (incl, excl, c_incl, c_excl, count, c_count) in sorted(
        buckets.items(), key=lambda item: (item[0][0], item[0][1].timestamp() if item[0][1] else 0)
    ):
        moment = f"<dateTime>{xsd_datetime(hour)}</dateTime>" if hour else ""
        rows.append(
            f"<turnover><financialDate>{xsd_date(day)}</financialDate>{moment}"
            "<source>REPORT-TURNOVER-SOURCE-RECEIPT</source>"
            f"<count>{count}</count><totalInclAmount>{incl}</totalInclAmount>"
            f"<totalExclAmount>{excl}</totalExclAmount>"
            f"<creditedInclAmount>{c_incl}</creditedInclAmount>"
            f"<creditedExclAmount>{c_excl}</creditedExclAmount>"
            f"<creditedCount>{c_count}</creditedCount>"
            "<turnoverGroupType>TURNOVER-GROUP-TYPE-TURNOVER</turnoverGroupType></turnover>"
        )
    return response_element(
        "ReportTurnoverResponse", f"<turnoverList>{''.join(rows)}</turnoverList>"
    )


def _add_history(
    chain: ChainHistory,
    buckets: dict[tuple[date, datetime | None], list[int]],
    first: date,
    last: date,
    branches: set[int],
    groups: frozenset[int],
    per_hour: bool,
) -> None:
    """The chain history's turnover of the window, added to the live shop's buckets."""
    for index in chain.block_indexes(first, last, branches):
        block = chain.block(index)
        for hour, amounts in block_turnover(chain, block, groups).items():
            moment = local_datetime(block.day, hour) if per_hour else None
            row = buckets.setdefault((block.day, moment), [0, 0, 0, 0, 0, 0])
            for i, amount in enumerate(amounts):
                row[i] += amount
