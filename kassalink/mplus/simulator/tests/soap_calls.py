"""Raw SOAP requests as a client would send them, built with lxml."""

import http.client
from urllib.parse import urlsplit

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
MPLUS = "urn:mplusqapi"
NSMAP = {"soap": SOAP_ENV, "m": MPLUS}


def element(name: str, *children: etree._Element, text: object = None) -> etree._Element:
    node = etree.Element(f"{{{MPLUS}}}{name}", nsmap={"m": MPLUS})
    if text is not None:
        node.text = str(text).lower() if isinstance(text, bool) else str(text)
    node.extend(children)
    return node


def soap_date(name: str, day: int, month: int, year: int) -> etree._Element:
    return element(
        name, element("day", text=day), element("mon", text=month), element("year", text=year)
    )


def envelope(operation: etree._Element) -> bytes:
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=NSMAP)
    etree.SubElement(root, f"{{{SOAP_ENV}}}Body").append(operation)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def post(url: str, body: bytes, ident: str = "demo", secret: str = "demo") -> tuple[int, bytes]:
    """POST to the simulator; returns (HTTP status, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(
            "POST",
            f"/?ident={ident}&secret={secret}",
            body=body,
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def call(url: str, operation: etree._Element, **credentials: str) -> etree._Element:
    """The response element of a successful call; fails the test otherwise."""
    status, body = post(url, envelope(operation), **credentials)
    assert status == 200, body[:500]
    return etree.fromstring(body).find(f"{{{SOAP_ENV}}}Body")[0]


def find_all(node: etree._Element, path: str) -> list[etree._Element]:
    """`path` in the m: prefix, e.g. 'm:receiptList/m:receipt'."""
    return node.findall(path, {"m": MPLUS})


def text(node: etree._Element, path: str) -> str:
    found = node.find(path, {"m": MPLUS})
    assert found is not None, f"no {path}"
    return found.text or ""


RECEIPTS_REQUEST_ORDER = (
    "syncMarker", "syncMarkerLimit", "branchNumbers", "employeeNumbers", "relationNumbers",
    "articleNumbers", "articleTurnoverGroups", "articlePluNumbers", "articleBarcodes",
    "includeOrderReferences", "receiptIds", "includeLineList",
)  # fmt: skip


def receipts_request(**fields: object) -> etree._Element:
    """getReceipts with the two TextLists the WSDL requires and any simple fields,
    in the order of the WSDL's sequence."""
    children = []
    for name in RECEIPTS_REQUEST_ORDER:
        if name in ("articlePluNumbers", "articleBarcodes"):
            children.append(element(name))
        elif name in fields:
            children.append(element(name, text=fields[name]))
    return element("getReceipts", element("request", *children))
