"""Receipts out of the wallet: CSV and a ZIP of PDFs for an expense claim, and everything
held about a customer as JSON (receipts in an open, documented shape)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from kassalink.receipts.models import Receipt
from kassalink.receipts.render import receipt_pdf

from .models import Customer, WalletEntry

CSV_FIELDS = ["date", "shop", "transaction_id", "receipt_number", "type", "total_incl",
              "total_excl", "vat", "payment_methods"]  # fmt: skip


def euros(cents: int | None) -> str:
    return "" if cents is None else str(Decimal(cents).scaleb(-2))


def receipt_json(receipt: Receipt) -> dict:
    """One receipt, money as decimal euro strings, times ISO 8601 in UTC."""
    return {
        "shop": receipt.organization.name,
        "receipt_number": receipt.display_number,
        "transaction_id": receipt.transaction_string,
        "type": receipt.receipt_type,
        "entry_at": receipt.entry_at.isoformat() if receipt.entry_at else None,
        "branch": receipt.branch_number,
        "workplace": receipt.workplace_number,
        "total_incl": euros(receipt.total_incl_cents),
        "total_excl": euros(receipt.total_excl_cents),
        "credit_of": receipt.credited_receipt.display_number if receipt.credited_receipt else None,
        "lines": [
            {
                "article_number": line.article_number,
                "description": line.description,
                "quantity": str(line.pos_quantity),
                "unit_price": euros(line.unit_price_cents),
                "discount": euros(line.discount_cents),
                "vat_percentage": str(line.vat_percentage)
                if line.vat_percentage is not None
                else None,
                "total_incl": euros(line.total_incl_cents),
            }
            for line in receipt.lines.all()
        ],
        "vat": [
            {
                "percentage": str(group.percentage),
                "excl": euros(group.amount_excl_cents),
                "vat": euros(group.amount_vat_cents),
                "incl": euros(group.amount_incl_cents),
            }
            for group in receipt.vat_groups.all()
        ],
        "payments": [
            {"method": p.description or p.method, "amount": euros(p.amount_cents)}
            for p in receipt.payments.all()
        ],
    }


def receipts_csv(entries: Iterable[WalletEntry]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_FIELDS)
    for entry in entries:
        r = entry.receipt
        vat = sum(g.amount_vat_cents or 0 for g in r.vat_groups.all())
        writer.writerow([
            timezone.localtime(r.entry_at).strftime("%Y-%m-%d %H:%M") if r.entry_at else "",
            r.organization.name, r.transaction_string, r.display_number, r.receipt_type,
            euros(r.total_incl_cents), euros(r.total_excl_cents), euros(vat),
            ", ".join(p.description or p.method for p in r.payments.all()),
        ])  # fmt: skip
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet programs read UTF-8


def receipts_zip(entries: Iterable[WalletEntry], language: str = "nl") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for entry in entries:
            r = entry.receipt
            bundle.writestr(f"kassabon-{r.display_number}-{entry.pk}.pdf", receipt_pdf(r, language))
    return out.getvalue()


def customer_json(customer: Customer) -> bytes:
    """Everything held: account, receipts in the wallet, till sessions, links, tokens."""
    entries = WalletEntry.objects.filter(customer=customer).select_related(
        "receipt__organization", "receipt__credited_receipt"
    )
    data = {
        "account": {
            "email": customer.user.email,
            "created": customer.created.isoformat(),
            "last_login": customer.user.last_login.isoformat()
            if customer.user.last_login
            else None,
        },
        "receipts": [
            {
                "source": e.source,
                "added_at": e.added_at.isoformat(),
                "opened_at": e.opened_at.isoformat() if e.opened_at else None,
                "receipt": receipt_json(e.receipt),
                "share_links": [
                    {"created": s.created.isoformat(), "expires_at": s.expires_at.isoformat()}
                    for s in e.shares.all()
                ],
            }
            for e in entries
        ],
        "till_sessions": [
            {
                "session_id": s.session_id,
                "shop": s.connection.organization.name,
                "started_at": s.started_at.isoformat(),
                "completed_at": s.completed_at.isoformat() if s.completed_at else None,
            }
            for s in customer.sessions.select_related("connection__organization")
        ],
        "company": _company_json(customer),
        "passkeys": [
            {
                "name": p.name,
                "created": p.created.isoformat(),
                "last_used": p.last_used.isoformat() if p.last_used else None,
            }
            for p in customer.passkeys.all()
        ],
        "api_tokens": [
            {
                "prefix": t.prefix,
                "created": t.created.isoformat(),
                "revoked": t.revoked.isoformat() if t.revoked else None,
            }
            for t in customer.tokens.all()
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False).encode()


def _company_json(customer: Customer) -> dict | None:
    from .invoicing import COMPANY_FIELDS, company_of

    company = company_of(customer)
    return {name: getattr(company, name) for name in COMPANY_FIELDS} if company else None
