"""SOAP 1.1 as the MplusKASSA API speaks it: reading a request envelope, writing a
response envelope or a fault. Request fields are matched by local name, so a client
that qualifies its elements (as the WSDL says) and one that does not are both read."""

from collections.abc import Iterator
from datetime import date

from lxml import etree

from .xml_text import esc

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
MPLUS_NS = "urn:mplusqapi"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class SoapFault(Exception):
    """Answered as a SOAP fault; `code` is Client (the caller's mistake) or Server."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def client_fault(message: str) -> SoapFault:
    return SoapFault("Client", message)


def read_operation(body: bytes) -> etree._Element:
    """The operation element inside the envelope's Body; a Client fault otherwise."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as error:
        raise client_fault(f"malformed XML: {error}") from None
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise client_fault("the request is not a SOAP 1.1 Envelope")
    soap_body = root.find(f"{{{SOAP_ENV}}}Body")
    if soap_body is None:
        raise client_fault("the SOAP Envelope has no Body")
    operations = [child for child in soap_body if isinstance(child.tag, str)]
    if len(operations) != 1:
        raise client_fault("the SOAP Body must hold exactly one operation element")
    operation = operations[0]
    if etree.QName(operation).namespace != MPLUS_NS:
        raise client_fault(f"the operation must be in namespace {MPLUS_NS}")
    return operation


_ENVELOPE_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP_ENV}"><SOAP-ENV:Body>'
).encode()
_ENVELOPE_END = b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"


def envelope(body_xml: str | bytes) -> bytes:
    """The response envelope around an operation's answer (text, or UTF-8 already)."""
    body = body_xml if isinstance(body_xml, bytes) else body_xml.encode()
    return b"".join((_ENVELOPE_START, body, _ENVELOPE_END))


def response_element(name: str, inner: str) -> str:
    return f'<{name} xmlns="{MPLUS_NS}">{inner}</{name}>'


def response_bytes(name: str, list_name: str, items: list[bytes]) -> bytes:
    """`<name><list_name>items</list_name></name>` in UTF-8, for the large answers
    written as bytes (getReceipts, getOrdersByReceipts)."""
    start = f'<{name} xmlns="{MPLUS_NS}"><{list_name}>'.encode()
    return b"".join((start, *items, f"</{list_name}></{name}>".encode()))


def fault_envelope(code: str, message: str) -> bytes:
    return envelope(
        f"<SOAP-ENV:Fault><faultcode>SOAP-ENV:{code}</faultcode>"
        f"<faultstring>{esc(message)}</faultstring></SOAP-ENV:Fault>"
    )


class Fields:
    """Typed reads from a request element; a missing element reads as absent."""

    def __init__(self, element: etree._Element | None) -> None:
        self.element = element

    def _children(self, name: str) -> Iterator[etree._Element]:
        if self.element is None:
            return
        for child in self.element:
            if isinstance(child.tag, str) and etree.QName(child).localname == name:
                yield child

    def child(self, name: str) -> "Fields":
        return Fields(next(self._children(name), None))

    def present(self) -> bool:
        return self.element is not None

    def text(self, name: str) -> str | None:
        element = next(self._children(name), None)
        return None if element is None else (element.text or "").strip()

    def texts(self, name: str) -> list[str]:
        return [(c.text or "").strip() for c in self._children(name)]

    def int(self, name: str) -> int | None:
        value = self.text(name)
        return None if value is None else _to_int(name, value)

    def ints(self, name: str) -> list[int]:
        return [_to_int(name, value) for value in self.texts(name)]

    def bool(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise client_fault(f"{name} must be a boolean, not {value!r}")

    def soap_date(self, name: str) -> date | None:
        """A SoapMplusDate child (day, mon, year)."""
        part = self.child(name)
        if not part.present():
            return None
        try:
            return date(part.int("year") or 0, part.int("mon") or 0, part.int("day") or 0)
        except ValueError:
            raise client_fault(f"{name} is not a valid date") from None

    def xsd_date(self, name: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise client_fault(f"{name} must be an xsd:date, not {value!r}") from None


def _to_int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise client_fault(f"{name} must be an integer, not {value!r}") from None
