"""In Chromium with its virtual authenticator (the DevTools WebAuthn domain): a customer
signed in by link adds a passkey on the account page, signs out, and signs in with it on
the sign-in page; passkeys.js carries the ceremonies, at 390 px."""

import pytest
from django.test import Client

from kassalink.wallet.models import Passkey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_passkey_then_sign_in_with_it(live_server, page, carol, settings):
    settings.SITE_URL = live_server.url  # the relying party: localhost
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    client = Client()
    client.force_login(carol.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/portemonnee/account/")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.get_by_test_id("passkey").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Passkey.objects.get().customer == carol

    page.context.clear_cookies()
    page.goto(live_server.url + "/portemonnee/aanmelden/")
    page.get_by_role("button", name="Inloggen met passkey").click()
    page.wait_for_url(live_server.url + "/portemonnee/")
    assert page.get_by_role("link", name="Account").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
