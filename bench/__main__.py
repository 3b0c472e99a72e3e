"""`python -m bench` (make bench): run every benchmark, each printing its figures and
its ratio to the peer it is measured against; exit non-zero if any cannot run."""

from __future__ import annotations

import sys

from bench import (
    backfill,
    chain_simulator,
    freshness,
    import_receipts,
    insights,
    invoice_pdf,
    many_namespaces,
    parse_receipts,
    wallet,
)

BENCHMARKS = [
    parse_receipts.main,
    many_namespaces.main,
    import_receipts.main,
    backfill.main,
    insights.main,
    freshness.main,
    invoice_pdf.main,
    wallet.main,
    chain_simulator.main,
]


def main() -> int:
    worst = 0
    for benchmark in BENCHMARKS:
        worst = max(worst, benchmark())
    return worst


if __name__ == "__main__":
    sys.exit(main())
