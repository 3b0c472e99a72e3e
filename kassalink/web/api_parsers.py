"""The JSON API's body parser: DRF's, plus the two inputs that used to end in a 500.

- Deep nesting (`[` x 100,000) makes `json` raise RecursionError, which DRF does not catch;
  no body of ours nests deeper than a few levels, so anything past MAX_DEPTH is refused.
- A lone surrogate (`"\\ud800"`) is valid JSON but no text: the database and the JSON
  renderer fail on it wherever it goes (a name, a choice, an error message quoting it).
Both are refused here, before any view sees the body, with a 400 naming the field.
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class BoundedJSONParser(JSONParser):
    def parse(self, stream: object, media_type: str | None = None, parser_context=None) -> object:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError({"non_field_errors": [too_deep()]}) from None
        check_json_value(data)
        return data


def too_deep() -> str:
    return _("Te diep genest (meer dan %(depth)s niveaus).") % {"depth": MAX_DEPTH}


def check_json_value(data: object) -> None:
    """Raise ParseError naming the place of the first value nested too deep or holding a
    lone surrogate. Iterative, so a deep value cannot exhaust the stack here either."""
    pending: list[tuple[object, str, int]] = [(data, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ParseError({path or "non_field_errors": [too_deep()]})
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ParseError(
                    {
                        path or "non_field_errors": [
                            _("Bevat een ongeldig teken (een losse surrogaat).")
                        ]
                    }
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                place = f"{path}.{key}" if path else key
                if _SURROGATE.search(key):
                    raise ParseError(
                        {"non_field_errors": [_("Een veldnaam bevat een ongeldig teken.")]}
                    )
                pending.append((item, place, depth + 1))
        elif isinstance(value, list):
            pending.extend(
                (item, f"{path}[{n}]" if path else f"[{n}]", depth + 1)
                for n, item in enumerate(value)
            )
