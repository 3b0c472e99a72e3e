"""The compiled reader (_xmltree.c) against lxml. What it accepts, it reads exactly as
lxml does (through tree.content_of); what lxml rejects, it declines. And the answers we
actually get take the fast road, or its speed would quietly be gone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from kassalink.conftest import need
from kassalink.mplus import build, tree
from kassalink.mplus.envelope import _PARSER, envelope
from kassalink.mplus.parse_receipts import parse_get_orders_by_receipts, parse_get_receipts
from kassalink.mplus.simulator import Simulator, operations, soap
from kassalink.mplus.units import AMSTERDAM

FIXTURES = Path(__file__).parent / "fixtures"
Reader = Callable[[bytes], object]


@pytest.fixture(scope="module")
def read() -> Reader:
    need(
        tree.read_tree is not None,
        "kassalink.mplus._xmltree is not compiled: `pip install -e .` builds it "
        "(needs a C compiler and the Python headers)",
    )
    return tree.read_tree


def lxml_reading(data: bytes) -> tuple[str, tree.Content] | None:
    """What lxml makes of `data` in our representation, or None if it rejects it."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None
    return root.tag, tree.content_of(root)


def agrees(read: Reader, data: bytes) -> object:
    """Assert the reader is never wrong about `data`; return what it read (None: declined)."""
    ours = read(data)
    theirs = lxml_reading(data)
    if theirs is None:
        assert ours is None, f"accepted what lxml rejects: {data[:200]!r}"
    elif ours is not None:
        assert ours == theirs
    return ours


# --- the answers we get --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xml")))
def test_every_fixture_answer_is_read_as_lxml_reads_it(read, name) -> None:
    data = (FIXTURES / name).read_bytes()
    assert agrees(read, data) is not None, f"{name} should take the fast road"


def test_a_simulator_receipts_page_takes_the_fast_road_end_to_end(read, monkeypatch) -> None:
    sim = Simulator(seed=7, start=dt.datetime(2026, 3, 30, 12, tzinfo=AMSTERDAM), history_days=2)
    request = envelope(build.get_receipts(sync_marker=0, sync_marker_limit=300))
    data = soap.envelope(operations.answer(sim, request))  # the bytes the simulator sends
    assert agrees(read, data) is not None
    monkeypatch.setattr(tree, "read_tree", None)
    with_lxml = parse_get_receipts(data)

    def no_lxml(*args: object) -> None:
        raise AssertionError("getReceipts fell back to lxml")

    monkeypatch.setattr(tree, "read_tree", read)
    monkeypatch.setattr(tree, "open_response", no_lxml)
    assert parse_get_receipts(data) == with_lxml
    assert len(with_lxml) == 300


def test_both_roads_give_the_same_receipts(monkeypatch) -> None:
    data = (FIXTURES / "get_receipts.xml").read_bytes()
    orders = (FIXTURES / "get_orders_by_receipts.xml").read_bytes()
    fast = parse_get_receipts(data), parse_get_orders_by_receipts(orders)
    monkeypatch.setattr(tree, "read_tree", None)
    assert (parse_get_receipts(data), parse_get_orders_by_receipts(orders)) == fast
    # A comment is outside the compiled reader: lxml takes over with the same result.
    monkeypatch.undo()
    commented = data.replace(b"<ns:receiptList>", b"<ns:receiptList><!-- page 1 -->", 1)
    assert parse_get_receipts(commented) == fast[0]


# --- shapes ------------------------------------------------------------------------


def test_records_are_dicts_and_repeated_tags_are_pairs_in_order(read) -> None:
    data = b'<a xmlns="urn:x"><b>1</b><c/><l><i>x</i><i>y</i></l><d><e>2</e></d></a>'
    assert read(data) == (
        "{urn:x}a",
        {
            "{urn:x}b": "1",
            "{urn:x}c": "",
            "{urn:x}l": (("{urn:x}i", "x"), ("{urn:x}i", "y")),
            "{urn:x}d": {"{urn:x}e": "2"},
        },
    )


@pytest.mark.parametrize(
    "data",
    [
        b"<a>x &amp; y &lt;&gt; &quot;&apos; &#233; &#x1F600;</a>",
        b"<a>line\r\nbreak\rhere</a>",
        b"<a>&#13;kept</a>",
        b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a> </a>\n',
        b'<p:a xmlns:p="urn:p" xmlns="urn:d"><b/><q:c xmlns:q="urn:p"/><d xmlns="">t</d></p:a>',
        b'<a x="1" y=\'2\' xml:lang="nl">  <b > t </b >\n</a >',
        "<a>Café – € 9,00</a>".encode(),
    ],
)
def test_what_it_reads_is_what_lxml_reads(read, data) -> None:
    assert agrees(read, data) is not None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<a>",
        b"<a></b>",
        b"<a></ab>",
        b"<ab></a>",
        b"<a/><b/>",
        b"<a/>trailing",
        b"<p:a/>",
        b"<a>&unknown;</a>",
        b"<a>&#0;</a>",
        b"<a>&#xD800;</a>",
        b"<a>x]]>y</a>",
        b"<a>\x01</a>",
        b"<a>\xff</a>",
        b"<a>\xef\xbf\xbe</a>",
        b'<a x="1" x="2"/>',
        b'<a x="1"y="2"/>',
        b'<a x="<"/>',
        b'<a xmlns:p=""/>',
        b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>',
        b'<?xml version="1.1"?><a/>',
        b'  <?xml version="1.0"?><a/>',
        b"<!DOCTYPE a><a/>",
        b"<a><!-- c --></a>",
        b"<a><![CDATA[x]]></a>",
        b"<a><?pi x?></a>",
        b"<a>text<b/></a>",
        b"<a><b/>text</a>",
        b"<1a/>",
        b"<a:/>",
    ],
)
def test_it_declines_what_is_not_plain_well_formed_xml(read, data) -> None:
    assert read(data) is None
    agrees(read, data)


def test_depth_beyond_its_limit_declines_rather_than_recursing(read) -> None:
    deep = b"<a>" * 5000 + b"x" + b"</a>" * 5000
    assert read(deep) is None


# --- generated documents -----------------------------------------------------------

NAMESPACES = [None, "urn:mplusqapi", "http://schemas.xmlsoap.org/soap/envelope/", "urn:x"]
PREFIXES = [None, "ns", "SOAP-ENV", "p"]
names = st.sampled_from(["a", "receipt", "line", "data", "x-y", "n.1", "_z"])
texts = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\ufffe\uffff"
    ).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20),
    max_size=12,
)
attribute_values = st.text(st.sampled_from("abc 123-_:/."), max_size=6)


@st.composite
def elements(draw, depth: int = 0) -> etree._Element:
    namespace = draw(st.sampled_from(NAMESPACES))
    prefix = draw(st.sampled_from(PREFIXES)) if namespace else None
    tag = f"{{{namespace}}}{draw(names)}" if namespace else draw(names)
    element = etree.Element(tag, nsmap={prefix: namespace} if namespace else None)
    for key in draw(st.lists(st.sampled_from(["k", "v", "w"]), unique=True, max_size=2)):
        element.set(key, draw(attribute_values))
    if depth < 4 and draw(st.booleans()):
        for _ in range(draw(st.integers(1, 4))):
            child = draw(elements(depth + 1))
            child.tail = draw(st.sampled_from([None, "\n", "  ", "\n\t"]))
            element.append(child)
    else:
        element.text = draw(texts) or None
    return element


@st.composite
def documents(draw) -> bytes:
    root = draw(elements())
    declaration = draw(st.booleans())
    return etree.tostring(root, encoding="UTF-8", xml_declaration=declaration)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_generated_document_is_read_exactly_as_lxml_reads_it(read, data) -> None:
    assert agrees(read, data) is not None


TOKENS = [
    b"<",
    b">",
    b"/",
    b"&",
    b"&amp;",
    b"&#x",
    b";",
    b'"',
    b"'",
    b"=",
    b"]]>",
    b"<!--",
    b"\x00",
    b"\r",
    b"\xc3",
    b"\xef\xbf\xbf",
    b" xmlns:q='urn:q'",
    b"q:",
    b"<b>",
    b"</b>",
]


@st.composite
def damaged(draw) -> bytes:
    data = bytearray(draw(documents()))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "delete", "flip"]))
        if action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 4))]
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
@example(b"<a><b>1</b></a")
@example(b"<a xmlns:p='urn:p' p:k='1' xmlns:q='urn:p' q:k='2'/>")
def test_a_damaged_document_is_declined_or_read_exactly_as_lxml_reads_it(read, data) -> None:
    agrees(read, data)


# --- limits and namespaces ---------------------------------------------------------


@pytest.mark.parametrize(("length", "accepted"), [(50_000, True), (50_001, False)])
def test_a_name_past_lxmls_limit_is_declined(read, length, accepted) -> None:
    data = b"<r><" + b"n" * length + b">1</" + b"n" * length + b"></r>"
    assert (agrees(read, data) is not None) is accepted


def test_a_tag_name_of_ten_million_characters_is_declined(read) -> None:
    assert read(b"<" + b"t" * 10_000_000 + b"/>") is None


def test_a_text_past_lxmls_limit_is_declined(read) -> None:
    assert read(b"<r>" + b"x" * 10_000_001 + b"</r>") is None
    assert read(b"<r>" + b"x" * 1000 + b"</r>") is not None


def test_a_redeclared_prefix_means_its_innermost_namespace_and_comes_back_after(read) -> None:
    data = (
        b"<p:a xmlns:p='urn:1' xmlns='urn:d'>"
        b"<p:b xmlns:p='urn:2'><p:c>x</p:c><d xmlns=''>y</d></p:b>"
        b"<p:b>z</p:b><e>w</e>"
        b"</p:a>"
    )
    tag, content = agrees(read, data)
    assert tag == "{urn:1}a"
    assert list(content) == ["{urn:2}b", "{urn:1}b", "{urn:d}e"]
    assert content["{urn:2}b"] == {"{urn:2}c": "x", "d": "y"}


PREFIX_NAMES = ["p", "q", "ns", "SOAP-ENV"]


@st.composite
def scoped(draw, depth: int = 0) -> bytes:
    """An element declaring and using prefixes at random, some bound, some shadowed,
    some unbound (which lxml rejects and the reader must decline)."""
    declared = draw(st.dictionaries(st.sampled_from(PREFIX_NAMES), st.integers(0, 3), max_size=3))
    declarations = b"".join(f" xmlns:{p}='urn:{n}'".encode() for p, n in declared.items())
    prefix = draw(st.sampled_from(PREFIX_NAMES)).encode()
    name = prefix + b":" + draw(names).encode()
    if depth < 4 and draw(st.booleans()):
        body = b"".join(draw(st.lists(scoped(depth + 1), min_size=1, max_size=3)))
    else:
        body = draw(texts).encode().replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    return b"<" + name + declarations + b">" + body + b"</" + name + b">"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scoped())
def test_prefixes_in_and_out_of_scope_are_read_as_lxml_reads_them(read, data) -> None:
    agrees(read, data)
