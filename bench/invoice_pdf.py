"""Receipt and invoice PDFs: kassalink (Typst in-process, PDF/A-3b, Factur-X XML embedded)
next to WeasyPrint (HTML to PDF/A-3b with the same XML attached) on the same 12-line
invoice and the same receipt; medians of many runs after one warm-up each.

Runs in a child process with its own SQLite file, so it never shares Django's set-up with
the other benchmarks."""

from __future__ import annotations

import datetime as dt
import html
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

RUNS = 30
GOAL_MS = 50


def median_ms(render: Callable[[], bytes]) -> float:
    render()  # warm-up: fonts, compilers and templates load once per process
    durations = []
    for _ in range(RUNS):
        started = time.perf_counter()
        render()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations) * 1000


def twelve_line_invoice():
    from kassalink.invoices.actions import BuyerDetails, do_issue_invoice
    from kassalink.invoices.tests.conftest import fill_settings, store
    from kassalink.receipts.tests.sales import AMS, bread, cheese, sale
    from kassalink.tests.pos_fixtures import make_shop

    connection = make_shop("bench", "Bakkerij Bench")
    fill_settings(connection.organization)
    at = dt.datetime(2026, 12, 1, 12, 0, tzinfo=AMS)
    lines = tuple(bread(str(1 + i % 3)) if i % 2 else cheese("0.750") for i in range(12))
    receipt = store(connection, sale(at, lines, marker=1))[0]
    buyer = BuyerDetails(name="Acme B.V.", street="Kerkstraat 2", postcode="5678 CD",
                         city="Amsterdam", vat_id="NL000099998B57")  # fmt: skip
    return do_issue_invoice(connection.organization, [receipt.pk], buyer)[0], receipt


def document_html(data: dict) -> str:
    """The invoice document as a styled HTML page, for WeasyPrint."""

    def rows(cells: list[list[str]]) -> str:
        return "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
            for row in cells
        )

    facts = rows(data.get("facts", []))
    lines = data["lines"]
    line_rows = rows(lines) if lines and isinstance(lines[0], list) else rows(
        [[v for v in line.values()] for line in lines]
    )  # fmt: skip
    style = (
        "@page{size:A4;margin:18mm} body{font-family:serif;font-size:10pt}"
        "table{width:100%;border-collapse:collapse} td{padding:4px;border-bottom:1px solid #ccc}"
        "h1{font-size:20pt;text-align:right}"
    )
    return (
        f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>"
        f"<h1>{html.escape(data['title'])}</h1><table>{facts}</table>"
        f"<table>{line_rows}</table></body></html>"
    )


def child() -> int:
    from bench.import_receipts import setup_django

    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        for noisy in ("weasyprint", "weasyprint.progress", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        import weasyprint
        from django.utils import translation
        from weasyprint import Attachment

        from kassalink.invoices.cii import cii_xml
        from kassalink.invoices.render import invoice_document, invoice_pdf
        from kassalink.receipts.render import receipt_document, receipt_pdf

        invoice, receipt = twelve_line_invoice()
        xml = cii_xml(invoice)
        with translation.override("nl"):
            invoice_page = document_html(invoice_document(invoice, "nl"))
            receipt_page = document_html(receipt_document(receipt, "nl"))

        def weasy_invoice() -> bytes:
            attachment = Attachment(string=xml.decode(), name="factur-x.xml")
            page = weasyprint.HTML(string=invoice_page)
            return page.write_pdf(pdf_variant="pdf/a-3b", attachments=[attachment])

        ours = median_ms(lambda: invoice_pdf(invoice))
        theirs = median_ms(weasy_invoice)
        receipt_ours = median_ms(lambda: receipt_pdf(receipt))
        receipt_theirs = median_ms(lambda: weasyprint.HTML(string=receipt_page).write_pdf())
    print(
        f"invoice PDF (12 lines, PDF/A-3b + Factur-X XML, median of {RUNS}): "
        f"kassalink {ours:.1f} ms  WeasyPrint {theirs:.1f} ms  ratio {theirs / ours:.1f}x "
        f"(goal < {GOAL_MS} ms: {'met' if ours < GOAL_MS else 'MISSED'})"
    )
    print(
        f"receipt PDF (median of {RUNS}): kassalink {receipt_ours:.1f} ms  "
        f"WeasyPrint {receipt_theirs:.1f} ms  ratio {receipt_theirs / receipt_ours:.1f}x"
    )
    return 0


def main() -> int:
    return subprocess.run([sys.executable, "-m", "bench.invoice_pdf"], check=False).returncode


if __name__ == "__main__":
    sys.exit(child())
