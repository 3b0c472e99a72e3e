"""Template filters of the Insights page and its e-mail: signed euros from cents."""

from django import template

register = template.Library()


@register.filter
def signed_euros(cents: int | None) -> str:
    """-1475 → "€ -14,75", from integer cents without a float; None → "—"."""
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"€ {sign}{whole:,}".replace(",", ".") + f",{rest:02d}"
