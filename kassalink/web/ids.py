"""Row ids typed by people and machines: one parser for query strings, forms and bodies.

`str.isdigit` says yes to "²" and "١٢" and `int` then fails or gives a number the database
cannot hold (ids are 64-bit); every caller asks here instead.
"""

MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def is_whole(text: str) -> bool:
    """Only ASCII digits: "²" and "٣" are digits to str.isdigit() but not to int()."""
    return text.isascii() and text.isdigit()


def parse_id(value: object) -> int | None:
    """A positive 64-bit id from text or a whole number; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not is_whole(text) or len(text) > _MAX_DIGITS:
            return None
        number = int(text)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: list[object]) -> list[int]:
    """The valid ids among several (checkbox lists); the rest are dropped."""
    return [number for value in values if (number := parse_id(value)) is not None]
