"""Verkoop: sales insight per branch and period, and a CSV of each table."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.tenancy import access_organization

from .render import amount
from .sales_figures import SalesFigures, parse_sales_query, sales_figures
from .search import FilterError, recent_choices

WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]  # CSV column values stay Dutch
WEEKDAY_LABELS = [_("ma"), _("di"), _("wo"), _("do"), _("vr"), _("za"), _("zo")]


def _figures(request: HttpRequest) -> tuple[SalesFigures | None, FilterError | None]:
    organization = access_organization(request)
    try:
        query = parse_sales_query(request.GET, timezone.localdate())
    except FilterError as error:
        return None, error
    return sales_figures(organization, query), None


@login_required
def sales(request: HttpRequest) -> HttpResponse:
    figures, error = _figures(request)
    organization = access_organization(request)
    branches = recent_choices(organization)["branches"]
    context = {
        "figures": figures,
        "error": error,
        "branches": branches,
        "hours": range(24),
        "heat_rows": _heat_rows(figures) if figures else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "receipts/sales.html", context, status=400 if error else 200)


def _heat_rows(figures: SalesFigures) -> list[tuple[str, list[dict]]]:
    """Each day's hours with a shade 0-4 relative to the busiest hour of the week."""
    busiest = max((max(row) for row in figures.heatmap), default=0) or 1
    return [
        (
            WEEKDAY_LABELS[day],
            [
                {"cents": c, "euros": c // 100, "level": 0 if c <= 0 else 1 + 3 * c // busiest}
                for c in hours
            ],
        )
        for day, hours in enumerate(figures.heatmap)
    ]


def _euros(cents: int) -> str:
    return amount(cents, "en")  # CSV: a decimal point for every spreadsheet


def csv_rows(figures: SalesFigures, table: str) -> list[list[object]]:
    if table == "summary":
        return [
            ["figure", "value"],
            ["turnover_eur", _euros(figures.turnover_cents)],
            ["sales_eur", _euros(figures.sales_cents)],
            ["returned_eur", _euros(figures.returned_cents)],
            ["receipts", figures.receipts],
            ["average_basket_eur", _euros(figures.average_basket_cents)],
            ["items_per_basket", figures.items_per_basket],
            ["credit_receipts", figures.credit_receipts],
            ["returns_per_100_receipts", figures.returns_rate],
            ["digital_receipts", figures.digital],
            ["digital_share_percent", figures.digital_share],
            ["paper_saved_m", figures.paper_saved_m],
        ]
    if table in ("top", "bottom"):
        rows = figures.top_articles if table == "top" else figures.bottom_articles
        return [["article_number", "description", "quantity", "turnover_eur"]] + [
            [r["article_number"], r["description"], r["quantity"], _euros(r["turnover_cents"] or 0)]
            for r in rows
        ]
    if table == "heatmap":
        return [["weekday", *range(24)]] + [
            [WEEKDAYS[day], *(_euros(cents) for cents in hours)]
            for day, hours in enumerate(figures.heatmap)
        ]
    if table == "payments":
        return [["method", "description", "payments", "amount_eur", "share_percent"]] + [
            [r["method"], r["description"], r["count"], _euros(r["amount_cents"]), r["share"]]
            for r in figures.payments
        ]
    raise Http404("no such table")


@login_required
def sales_csv(request: HttpRequest, table: str) -> HttpResponse:
    figures, error = _figures(request)
    if error:
        return HttpResponse(
            f"{error.field}: {error.message}", status=400, content_type="text/plain"
        )
    rows = csv_rows(figures, table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"verkoop-{table}-{figures.query.start}-{figures.query.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    csv.writer(response).writerows(rows)
    return response
