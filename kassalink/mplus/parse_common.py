"""Reading helpers every parse module shares: fields by tag, required elements with a
clear error, and the SoapMplusDate/SoapMplusDateTime structures."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree

from . import units
from .envelope import NS, open_response
from .errors import MplusProtocolError

Fields = dict[str, etree._Element]

_DATETIME_PARTS = ("sec", "min", "hour", "day", "mon", "year", "isdst", "timezone")
_DATE_PARTS = ("day", "mon", "year")
# Interned, as the compiled reader's tags are, so that lookups succeed on identity.
_DATETIME_TAGS = tuple(sys.intern(NS + local) for local in _DATETIME_PARTS)
_DATE_TAGS = tuple(sys.intern(NS + local) for local in _DATE_PARTS)


def fields(element: etree._Element) -> Fields:
    """Children by qualified tag; the WSDL's sequences never repeat a scalar field."""
    return {child.tag: child for child in element}


def missing(operation: str, where: str, local: str) -> MplusProtocolError:
    return MplusProtocolError(f"{operation}: {where} lacks the required element <{local}>")


def required(operation: str, where: str, found: Fields, local: str) -> etree._Element:
    element = found.get(NS + local)
    if element is None:
        raise missing(operation, where, local)
    return element


def text_of(element: etree._Element | None) -> str | None:
    return None if element is None else (element.text or "")


def int_of(element: etree._Element | None) -> int | None:
    return None if element is None else int(element.text)


def bool_of(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return (element.text or "").strip() in ("true", "1")


def ints_of(elements: list[etree._Element]) -> tuple[int, ...]:
    return tuple(int(element.text) for element in elements)


def soap_datetime(element: etree._Element | None) -> dt.datetime | None:
    """A SoapMplusDateTime element as an aware datetime (None when absent or all zeros)."""
    if element is None:
        return None
    return datetime_of({child.tag: child.text for child in element}, element.tag)


def datetime_of(parts: dict[str, Any], where: str) -> dt.datetime | None:
    """A SoapMplusDateTime's children by tag; `where` names it in errors."""
    return units.datetime_from_parts(*_texts(parts, _DATETIME_TAGS, "SoapMplusDateTime", where))


def soap_date(element: etree._Element | None) -> dt.date | None:
    """A SoapMplusDate element as a date (None when absent or all zeros)."""
    if element is None:
        return None
    return date_of({child.tag: child.text for child in element}, element.tag)


def date_of(parts: dict[str, Any], where: str) -> dt.date | None:
    """A SoapMplusDate's children by tag; `where` names it in errors."""
    return units.date_from_parts(*_texts(parts, _DATE_TAGS, "SoapMplusDate", where))


def _texts(parts: dict[str, Any], tags: tuple[str, ...], kind: str, where: str) -> list[Any]:
    texts = list(map(parts.get, tags))
    if None in texts:
        absent = tags[texts.index(None)][len(NS) :]
        raise MplusProtocolError(f"{kind} <{where}> lacks <{absent}>")
    return texts


def year_number(element: etree._Element) -> tuple[int, int]:
    found = fields(element)
    return int(found[NS + "year"].text), int(found[NS + "number"].text)


T = TypeVar("T")


def parse_list(
    operation: str,
    response_name: str,
    list_name: str | None,
    item_name: str,
    data: bytes,
    parse_item: Callable[[str, str, Fields], T],
) -> list[T]:
    """Items of a response shaped <Response><list><item/>...</list></Response>; with
    list_name None the items sit directly in the response element."""
    response = open_response(operation, response_name, data)
    container = response
    if list_name is not None:
        container = response.find(NS + list_name)
        if container is None:
            raise MplusProtocolError(f"{operation}: <{response_name}> lacks <{list_name}>")
    items = []
    for index, element in enumerate(container.iterchildren(NS + item_name)):
        where = f"{item_name} #{index + 1}"
        try:
            items.append(parse_item(operation, where, fields(element)))
        except (ValueError, TypeError, OverflowError) as exc:
            raise MplusProtocolError(
                f"{operation}: {where} has a value we cannot read: {exc}"
            ) from None
    return items
