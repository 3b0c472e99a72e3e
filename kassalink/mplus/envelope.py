"""SOAP 1.1 envelopes: wrap a request element, open a response, turn faults into errors."""

from __future__ import annotations

import re

from lxml import etree

from .errors import MplusAuthError, MplusFault, MplusProtocolError

MPLUS_NS = "urn:mplusqapi"
SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "{" + MPLUS_NS + "}"
ENVELOPE_TAG = "{" + SOAP_ENV_NS + "}Envelope"
BODY_TAG = "{" + SOAP_ENV_NS + "}Body"
_FAULT = "{" + SOAP_ENV_NS + "}Fault"

# No DTDs, no entities, no network: a response is data, never instructions.
# Comments and processing instructions are dropped while parsing, which joins the text
# around them (`Com<!-- -->ment` is `Comment`, as XML means it, not `Com`).
# No huge_tree: libxml2's own limits stay on (names of 50,000 characters, 256 levels,
# 10 MB in one text), far above any real answer (a 5,000-receipt page is 19.7 MB of
# small fields) and shared with the compiled reader, which declines past them.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    collect_ids=False,
    remove_comments=True,
    remove_pis=True,
)

# An element with child elements and text of its own (measured: 0.17 s on a 19.7 MB page,
# done in libxml2).
_MIXED_CONTENT = etree.XPath("boolean(//*[* and text()[normalize-space()]])")

# How the API says "wrong ident/secret" is not in the WSDL. The official PHP client
# treats faultcodes as dotted (Client.Authentication); we accept any fault whose code
# or text speaks of authentication, and HTTP 401/403 (see transport.py).
_AUTH_FAULT = re.compile(
    r"authenticat|unauthori[sz]|credential|forbidden|access denied|login failed"
    r"|\b(invalid|wrong|unknown|bad|incorrect)\s+(ident|secret)\b",
    re.IGNORECASE,
)


def q(local: str) -> str:
    """The qualified tag of an urn:mplusqapi element (elementFormDefault=qualified)."""
    return NS + local


def envelope(payload: etree._Element) -> bytes:
    """A complete SOAP 1.1 request document around one operation element."""
    env = etree.Element(ENVELOPE_TAG, nsmap={"SOAP-ENV": SOAP_ENV_NS, "ns1": MPLUS_NS})
    etree.SubElement(env, "{" + SOAP_ENV_NS + "}Header")
    body = etree.SubElement(env, BODY_TAG)
    body.append(payload)
    return etree.tostring(env, xml_declaration=True, encoding="utf-8")


def parse_document(operation: str, data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise MplusProtocolError(
            f"{operation}: the answer is not well-formed XML ({len(data)} bytes): {exc.msg}"
        ) from None
    if root.getroottree().docinfo.doctype:
        # SOAP 1.1 forbids a DTD in a message. Its entities are never resolved (see
        # _PARSER), so a text holding one would reach us shortened: refuse it whole.
        raise MplusProtocolError(f"{operation}: the answer holds a DTD, which SOAP forbids")
    if _MIXED_CONTENT(root):
        # Text beside child elements: no answer of MplusKASSA has it, and each reader
        # would keep only a part of it (an element's .text stops at its first child).
        raise MplusProtocolError(f"{operation}: the answer mixes text and elements in one field")
    return root


def _body_payload(operation: str, root: etree._Element) -> etree._Element:
    if root.tag != ENVELOPE_TAG:
        raise MplusProtocolError(f"{operation}: expected a SOAP Envelope, got <{root.tag}>")
    body = root.find(BODY_TAG)
    if body is None:
        raise MplusProtocolError(f"{operation}: the SOAP envelope has no Body")
    for child in body:
        if isinstance(child.tag, str):
            return child
    raise MplusProtocolError(f"{operation}: the SOAP Body is empty")


def fault_in(operation: str, data: bytes) -> MplusFault | MplusAuthError | None:
    """The error a SOAP fault in `data` stands for, or None if `data` holds no fault."""
    try:
        payload = _body_payload(operation, parse_document(operation, data))
    except MplusProtocolError:
        return None
    if payload.tag != _FAULT:
        return None
    # Fault children are unqualified in SOAP 1.1; tolerate qualified ones too.
    code = text = ""
    for child in payload:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local == "faultcode":
            code = (child.text or "").strip()
        elif local == "faultstring":
            text = (child.text or "").strip()
    if _AUTH_FAULT.search(code) or _AUTH_FAULT.search(text):
        return MplusAuthError(f"{operation}: the API refused the credentials [{code}] {text}")
    return MplusFault(operation, code, text)


def open_response(operation: str, response_name: str, data: bytes) -> etree._Element:
    """The response element of a successful call; raise for faults and surprises."""
    root = parse_document(operation, data)
    payload = _body_payload(operation, root)
    if payload.tag == _FAULT:
        error = fault_in(operation, data)
        assert error is not None
        raise error
    if payload.tag != NS + response_name:
        raise MplusProtocolError(
            f"{operation}: expected <{response_name}> in namespace {MPLUS_NS}, got <{payload.tag}>"
        )
    return payload
