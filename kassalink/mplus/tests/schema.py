"""The official MplusKASSA WSDL's XML schema, for validating what we send and what the
simulator answers. Shared by the client and simulator tests; loading takes ~2 s, so cache it."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import xmlschema
from lxml import etree

XSD = "{http://www.w3.org/2001/XMLSchema}"
SOAP_ENV = "{http://schemas.xmlsoap.org/soap/envelope/}"
MPLUS = "{urn:mplusqapi}"


@functools.cache
def _load(path: str) -> xmlschema.XMLSchema:
    tree = etree.parse(path)
    schema_el = tree.find(f".//{XSD}schema")
    if schema_el is None:
        raise ValueError(f"no <xsd:schema> in {path}")
    # The schema imports the SOAP 1.1 encoding namespace without a location, only for
    # the four SOAP-ENC:base64 fields. Fetching it would need the network, so drop the
    # import and use the XSD type it stands for (base64Binary), which is what gets sent.
    for imported in schema_el.findall(f"{XSD}import"):
        schema_el.remove(imported)
    for element in schema_el.iter(f"{XSD}element"):
        if element.get("type") == "SOAP-ENC:base64":
            element.set("type", "xsd:base64Binary")
    return xmlschema.XMLSchema(io.BytesIO(etree.tostring(schema_el)))


def load_schema(wsdl_path: Path | str) -> xmlschema.XMLSchema:
    """The WSDL's schema (urn:mplusqapi); built once per path per process."""
    return _load(str(Path(wsdl_path).resolve()))


def _payload(xml: etree._Element | bytes | str) -> etree._Element:
    """The element to validate: a SOAP envelope is unwrapped to its body's first child."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    element = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    if element.tag == f"{SOAP_ENV}Envelope":
        body = element.find(f"{SOAP_ENV}Body")
        if body is None or len(body) == 0:
            raise AssertionError("SOAP envelope without a body element")
        element = body[0]
    return element


def assert_valid(
    schema: xmlschema.XMLSchema,
    element_name_or_type: str,
    xml_element: etree._Element | bytes | str,
) -> None:
    """Fail with every schema error if `xml_element` is not valid.

    `element_name_or_type` is a global element name (`getReceipts`,
    `GetReceiptsResponse`) or a complex/simple type name (`SoapMplusDateTime`). A whole
    SOAP envelope may be passed; its body's payload is validated.
    """
    element = _payload(xml_element)
    if element_name_or_type in schema.elements:
        component = schema.elements[element_name_or_type]
        expected = f"{MPLUS}{element_name_or_type}"
        if element.tag != expected:
            raise AssertionError(f"root element is {element.tag}, expected {expected}")
    elif element_name_or_type in schema.types:
        component = schema.types[element_name_or_type]
    else:
        raise AssertionError(f"{element_name_or_type!r} is neither an element nor a type")
    errors = [str(error.reason or error) for error in component.iter_errors(element)]
    if errors:
        shown = etree.tostring(element, pretty_print=True).decode()[:2000]
        raise AssertionError(
            f"{len(errors)} schema error(s) for {element_name_or_type}:\n  "
            + "\n  ".join(errors[:20])
            + f"\n--- document (first 2000 chars) ---\n{shown}"
        )
