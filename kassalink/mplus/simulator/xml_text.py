"""Small, fast pieces for writing XML as text: escaping and optional elements.

Responses are built as strings (not trees) because a 5,000-receipt page must serialise
in well under a second.
"""


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bool_text(value: bool) -> str:
    return "true" if value else "false"


def opt(name: str, value: object) -> str:
    """`<name>value</name>`, or nothing for None; strings are escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"<{name}>{bool_text(value)}</{name}>"
    if isinstance(value, str):
        return f"<{name}>{esc(value)}</{name}>"
    return f"<{name}>{value}</{name}>"
