"""A return of an invoiced receipt becomes a credit note on its own: when a page of
receipts is stored, every credit receipt whose original is invoiced and that has no
credit note yet gets one, after the sync's transaction has committed (a failure here is
logged and retried with the next page; it never fails the import)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

from kassalink.connections.models import Connection
from kassalink.receipts.models import Receipt
from kassalink.receipts.signals import receipts_stored

from .actions import do_issue_credit_note
from .content import InvoiceError
from .models import InvoicedReceipt

log = logging.getLogger(__name__)


def credits_to_note(connection: Connection):
    """Credit receipts of the connection that return an invoiced receipt and have no
    credit note yet (found by credit_ids_to_note)."""
    return Receipt.objects.filter(
        pk__in=list(credit_ids_to_note(connection)), connection=connection
    ).select_related("credited_receipt__invoice_link__invoice", "organization")


def credit_ids_to_note(connection: Connection):
    """Asked after every page of a sync, so the search starts from the shop's few
    invoiced receipts and reaches their credits on the credited_receipt index: starting
    from the connection's credit receipts would read its whole history (millions of
    receipts in a chain) after each page."""
    return InvoicedReceipt.objects.filter(
        invoice__organization_id=connection.organization_id,
        receipt__connection_id=connection.pk,
        receipt__credits__receipt_type=Receipt.Type.CREDIT,
        receipt__credits__invoice_link__isnull=True,
    ).values_list("receipt__credits", flat=True)


def issue_credit_notes(connection: Connection) -> int:
    issued = 0
    for credit in credits_to_note(connection):
        try:
            if do_issue_credit_note(credit) is not None:
                issued += 1
        except InvoiceError as error:
            log.warning("no credit note for receipt %s: %s", credit.pk, error)
    return issued


@receiver(receipts_stored)
def _on_receipts_stored(sender: object, connection: Connection, **kwargs: object) -> None:
    transaction.on_commit(lambda: issue_credit_notes(connection))
