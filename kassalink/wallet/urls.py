"""The wallet's pages, the claim and share links, and the POS webhook endpoint."""

from django.urls import path

from . import (
    views_account,
    views_claim,
    views_invoices,
    views_passkeys,
    views_pos,
    views_privacy,
    views_shop,
    views_wallet,
)

urlpatterns = [
    path(
        "webhooks/mplus/<str:subscription_id>/",
        views_pos.pos_webhook,
        {"event": ""},
        name="pos_webhook_endpoint",
    ),
    path("webhooks/mplus/<str:subscription_id>/<str:event>", views_pos.pos_webhook),
    path("portemonnee/", views_wallet.receipts, name="wallet_home"),
    path("portemonnee/aanmelden/", views_wallet.sign_up, name="wallet_sign_up"),
    path("portemonnee/inloggen/", views_wallet.sign_in, name="wallet_sign_in"),
    path("portemonnee/code/", views_wallet.code, name="wallet_code"),
    path("portemonnee/code.svg", views_wallet.code_svg, name="wallet_code_svg"),
    path("portemonnee/bonnen/<int:entry_id>/", views_wallet.receipt, name="wallet_receipt"),
    path(
        "portemonnee/bonnen/<int:entry_id>/pdf/",
        views_wallet.receipt_pdf_view,
        name="wallet_receipt_pdf",
    ),
    path(
        "portemonnee/bonnen/<int:entry_id>/factuur/",
        views_invoices.request_invoice,
        name="wallet_request_invoice",
    ),
    path(
        "portemonnee/bonnen/<int:entry_id>/factuur/pdf/",
        views_invoices.invoice_pdf_view,
        name="wallet_invoice_pdf",
    ),
    path(
        "portemonnee/bonnen/<int:entry_id>/vereenvoudigde-factuur/",
        views_invoices.simplified_invoice,
        name="wallet_simplified_invoice",
    ),
    path("portemonnee/account/", views_account.account, name="wallet_account"),
    path(
        "portemonnee/passkeys/registreren/opties/",
        views_passkeys.register_options,
        name="wallet_passkey_register_options",
    ),
    path(
        "portemonnee/passkeys/registreren/",
        views_passkeys.register,
        name="wallet_passkey_register",
    ),
    path(
        "portemonnee/passkeys/inloggen/opties/",
        views_passkeys.sign_in_options,
        name="wallet_passkey_sign_in_options",
    ),
    path("portemonnee/passkeys/inloggen/", views_passkeys.sign_in, name="wallet_passkey_sign_in"),
    path(
        "portemonnee/passkeys/<int:passkey_id>/verwijderen/",
        views_passkeys.remove,
        name="wallet_passkey_remove",
    ),
    path("portemonnee/bonnen/<int:entry_id>/delen/", views_wallet.share, name="wallet_share"),
    path("portemonnee/export/", views_wallet.export, name="wallet_export"),
    path("portemonnee/token/", views_wallet.new_token, name="wallet_token"),
    path("portemonnee/privacy/", views_privacy.privacy, name="wallet_privacy"),
    path("portemonnee/privacy/download/", views_privacy.download, name="wallet_privacy_download"),
    path("portemonnee/privacy/verwijderen/", views_privacy.delete, name="wallet_delete"),
    path("portemonnee/manifest.webmanifest", views_wallet.manifest, name="wallet_manifest"),
    path("bon/<str:token>/", views_claim.claim, name="wallet_claim"),
    path("bon/<str:token>/pdf/", views_claim.claim_pdf, name="wallet_claim_pdf"),
    path("gedeeld/<str:token>/", views_claim.shared, name="wallet_shared"),
    path(
        "instellingen/app-center/mpluskassa/<int:connection_id>/digitale-bonnen/",
        views_shop.shop_digital_receipts,
        name="shop_digital_receipts",
    ),
    path(
        "operator/koppelingen/<int:connection_id>/webhooks/",
        views_shop.operator_webhooks,
        name="operator_webhooks",
    ),
    path(
        "operator/koppelingen/<int:connection_id>/webhooks/nieuwe-sleutel/",
        views_shop.operator_new_secret,
        name="operator_webhook_secret",
    ),
]
