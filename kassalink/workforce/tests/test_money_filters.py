"""Money on the workforce and Insights pages is written as on the receipts pages: in the
page's language, negative amounts whole, from cents without a float."""

from decimal import Decimal

import pytest
from django.utils import translation

from kassalink.insights.templatetags.insights import change, kpi, signed_euros
from kassalink.workforce.templatetags.workforce import euros, money


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", ["€ 14,75", "€ -14,75", "€ 1.234,56", "€ 118,42"]),
     ("en", ["€ 14.75", "€ -14.75", "€ 1,234.56", "€ 118.42"])],
)  # fmt: skip
def test_wages_and_costs(language, expected):
    with translation.override(language):
        written = [euros(1475), euros(-1475), euros(123456), money(Decimal("118.42"))]
    assert written == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", ["€ -14,75", "59,00", "30,50%", "(+12,5%)"]),
     ("en", ["€ -14.75", "59.00", "30.50%", "(+12.5%)"])],
)  # fmt: skip
def test_insights_figures(language, expected):
    with translation.override(language):
        written = [
            signed_euros(-1475),
            kpi("hours", Decimal("59")),
            kpi("percent", Decimal("30.5")),
            change(Decimal("12.46")),
        ]
    assert written[:3] == expected[:3] and expected[3] in written[3]
