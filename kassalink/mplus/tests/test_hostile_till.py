"""A till that attacks or breaks, on loopback: every call ends, bounded, with an error a
person can read, and nothing is read shortened as if it were whole.

Limits are small here (1 MB, 1 s) so each case ends in a moment; the outcome asserted
is the kind of failure, never a wall time (figures: bench/ and the README)."""

from __future__ import annotations

import tracemalloc

import pytest

from kassalink.mplus import MplusClient, MplusError, MplusFault, MplusProtocolError
from kassalink.mplus.errors import (
    MAX_MESSAGE,
    MplusAnswerTooLarge,
    MplusIncompleteAnswer,
    MplusServerError,
    MplusTimeout,
)

from .fake_server import fixture
from .hostile_till import Misbehaviour, hostile_till

CAP = 1_000_000
RECEIPTS = fixture("get_receipts.xml")
NAME = b"<ns:employeeName>Sanne de Vries</ns:employeeName>"


def client(port: int, **options: object) -> MplusClient:
    return MplusClient(
        "127.0.0.1",
        port,
        "demo",
        "demo",
        scheme="http",
        **{"timeout": 0.5, "retries": 2, "deadline": 1.5, "max_answer_bytes": CAP, **options},
        sleep=lambda seconds: None,
    )


def receipts_from(misbehaviour: Misbehaviour, **options: object):
    with hostile_till(misbehaviour) as port:
        return client(port, **options).get_receipts(sync_marker=0)


def with_name(name: bytes) -> bytes:
    return RECEIPTS.replace(NAME, b"<ns:employeeName>" + name + b"</ns:employeeName>")


# --- the call is bounded -------------------------------------------------------------


def test_an_endless_answer_is_refused_at_the_size_limit_without_filling_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(MplusAnswerTooLarge) as refused:
            receipts_from(Misbehaviour("endless"), deadline=60.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than the limit of 1,000,000 bytes" in str(refused.value)
    assert refused.value.limit == CAP
    assert peak < 3 * CAP  # the chunks read up to the limit, not the endless rest


def test_an_announced_length_over_the_limit_is_refused_before_reading() -> None:
    big = RECEIPTS.replace(NAME, b"<ns:employeeName>" + b"x" * CAP + b"</ns:employeeName>")
    with pytest.raises(MplusAnswerTooLarge):
        receipts_from(Misbehaviour("body", big))


@pytest.mark.parametrize("head_first", [False, True], ids=["head dripped", "body dripped"])
def test_a_dripped_answer_ends_at_the_deadline_retries_included(head_first: bool) -> None:
    # Each byte comes well within the 0.5 s timeout: only the total deadline ends it,
    # and no retry starts after it.
    drip = Misbehaviour("drip", RECEIPTS, pause=0.1, head_first=head_first)
    with pytest.raises(MplusTimeout) as late:
        receipts_from(drip, retries=5)
    assert "no complete answer within the deadline of 1.5s" in str(late.value)


def test_a_body_shorter_than_announced_says_it_broke_off() -> None:
    with pytest.raises(MplusIncompleteAnswer, match="broke off"):
        receipts_from(Misbehaviour("short", RECEIPTS))


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_without_a_fault_names_its_status(status: int) -> None:
    with pytest.raises(MplusServerError) as failed:
        receipts_from(Misbehaviour("body", b"oops", status=status))
    assert failed.value.status == status
    assert f"HTTP {status}" in str(failed.value)


# --- what is read is whole, or refused ------------------------------------------------


def test_a_huge_fault_text_is_cut_to_a_readable_length() -> None:
    fault = fixture("fault.xml").replace(b"Unknown branch 99", b"x" * 200_000)
    with pytest.raises(MplusFault) as faulted:
        receipts_from(Misbehaviour("body", fault, status=500))
    assert len(str(faulted.value)) < MAX_MESSAGE + 200
    assert "more characters" in faulted.value.text


def test_a_huge_name_is_read_whole_within_the_limit() -> None:
    receipt, *_ = receipts_from(Misbehaviour("body", with_name(b"n" * 500_000)))
    assert receipt.employee_name == "n" * 500_000  # the importer decides it is too long


def test_a_tag_name_of_ten_million_characters_is_refused() -> None:
    name = b"t" * 10_000_000
    answer = RECEIPTS.replace(NAME, NAME + b"<ns:" + name + b"/>")
    with pytest.raises(MplusProtocolError, match="Name too long"):
        receipts_from(Misbehaviour("body", answer), max_answer_bytes=20_000_000)


@pytest.mark.parametrize("depth", [300, 990, 2048, 5000])
def test_deep_nesting_inside_a_receipt_is_a_protocol_error(depth: int) -> None:
    nest = b"<ns:x>" * depth + b"</ns:x>" * depth
    with pytest.raises(MplusProtocolError, match="depth"):
        receipts_from(Misbehaviour("body", RECEIPTS.replace(NAME, NAME + nest)))


@pytest.mark.parametrize(
    "name", [b"Com<!-- a comment -->ment", b"Com<?pi here?>ment", b"C<!--1-->om<!--2-->ment"]
)
def test_comments_and_processing_instructions_do_not_cut_a_text(name: bytes) -> None:
    receipt, *_ = receipts_from(Misbehaviour("body", with_name(name)))
    assert receipt.employee_name == "Comment"


def test_an_entity_reference_refuses_the_answer_rather_than_losing_the_text() -> None:
    declared = with_name(b"Jan &naam; Jansen").replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY naam "de">]>',
    )
    with pytest.raises(MplusProtocolError, match="DTD"):
        receipts_from(Misbehaviour("body", declared))
    with pytest.raises(MplusProtocolError, match="naam"):
        receipts_from(Misbehaviour("body", with_name(b"Jan &naam; Jansen")))


def test_text_beside_elements_is_refused_rather_than_cut() -> None:
    with pytest.raises(MplusProtocolError, match="mixes text and elements"):
        receipts_from(Misbehaviour("body", with_name(b"Jan <ns:b/>Jansen")))


def test_a_number_no_database_holds_is_a_protocol_error() -> None:
    answer = RECEIPTS.replace(b"<ns:year>2026</ns:year>", b"<ns:year>" + b"9" * 30 + b"</ns:year>")
    with pytest.raises(MplusProtocolError, match="cannot read"):
        receipts_from(Misbehaviour("body", answer))


def test_every_failure_above_is_an_mplus_error() -> None:
    # What callers catch (the sync runner, Test verbinding) covers each kind here.
    for kind in (MplusAnswerTooLarge, MplusTimeout, MplusIncompleteAnswer, MplusServerError):
        assert issubclass(kind, MplusError)


def test_something_that_does_not_speak_http_is_a_protocol_error_not_a_lost_line() -> None:
    ssh = Misbehaviour("raw", b"SSH-2.0-OpenSSH_9.2\r\n" + b"x" * 70_000)
    with pytest.raises(MplusProtocolError, match="did not answer in HTTP"):
        receipts_from(ssh)


def test_a_silent_till_is_a_timeout_naming_the_seconds_it_waited() -> None:
    # The head comes, then nothing: the gap between bytes runs out before the deadline.
    silent = Misbehaviour("drip", RECEIPTS, pause=30, head_first=True)
    with pytest.raises(MplusTimeout) as late:
        receipts_from(silent, retries=0, deadline=10.0)
    assert late.value.seconds == 0.5
    assert "no answer within 0.5s" in str(late.value)


def test_an_answer_of_countless_tiny_elements_is_refused_before_it_is_parsed() -> None:
    # Under the byte limit, but 250,000 elements would take 40 times its size as values.
    tiny = RECEIPTS.replace(NAME, NAME + b"<ns:a/>" * 125_000)  # 875 KB
    tracemalloc.start()
    try:
        with pytest.raises(MplusAnswerTooLarge, match=r"holds 1[0-9,]+ tags, more than the 62,500"):
            receipts_from(Misbehaviour("body", tiny))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * CAP


def test_a_real_page_is_far_from_the_tag_limit() -> None:
    (receipt, *_) = receipts_from(Misbehaviour("body", RECEIPTS), max_answer_bytes=len(RECEIPTS))
    assert receipt.receipt_id
