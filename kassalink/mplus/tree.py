"""SOAP answers as plain values, for the parsers of large pages (getReceipts).

An element's content is the text of an element without child elements; else its
children as a dict by tag (a record: each tag once), or, where a tag repeats (a list of
receipts, of lines), as a tuple of (tag, content) pairs in document order. Tags are as
lxml writes them (``{urn:mplusqapi}receiptId``). record() and items() read either shape.

The compiled reader (``_xmltree.c``) builds these straight from the bytes. When it
declines (a fault, a comment, another encoding, anything not well-formed) or was not
built, lxml reads the answer and its tree becomes the same values: both roads give one
result, and every error is worded by the road that reads everything."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import TypeAlias

from lxml import etree

from .envelope import BODY_TAG, ENVELOPE_TAG, NS, open_response

try:
    from ._xmltree import parse as read_tree
except ImportError:  # not compiled (a source checkout without `pip install -e .`)
    read_tree = None

Content: TypeAlias = "str | dict[str, Content] | tuple[tuple[str, Content], ...]"


def record(content: Content) -> dict[str, Content]:
    """An element's children by tag (of a repeated tag, the last); none for text."""
    if type(content) is dict:
        return content
    return dict(content) if type(content) is tuple else {}


_content_of_pair = itemgetter(1)


def items(content: Content) -> Iterable[Content]:
    """The contents of an element's children in document order: a list's items."""
    if type(content) is tuple:
        return map(_content_of_pair, content)
    return content.values() if type(content) is dict else ()


def content_of(element: etree._Element) -> Content:
    """An lxml element as content (comments and processing instructions left out)."""
    kids = [
        # len(): a leaf needs no call of its own (measured 40% faster on a receipts page)
        (child.tag, content_of(child) if len(child) else (child.text or ""))
        for child in element
        if isinstance(child.tag, str)
    ]
    if not kids:
        return element.text or ""
    by_tag = dict(kids)
    return by_tag if len(by_tag) == len(kids) else tuple(kids)


def response_content(operation: str, response_name: str, data: bytes) -> Content:
    """The content of the response element of a successful call; raises as
    envelope.open_response does for faults and surprises."""
    root = read_tree(data) if read_tree is not None else None
    if root is not None:
        tag, content = root
        body = record(content).get(BODY_TAG) if tag == ENVELOPE_TAG else None
        payload = _first(body) if body is not None else None
        if payload is not None and payload[0] == NS + response_name:
            return payload[1]
    return content_of(open_response(operation, response_name, data))


def _first(content: Content) -> tuple[str, Content] | None:
    if type(content) is dict:
        return next(iter(content.items()), None)
    return content[0] if type(content) is tuple else None
