"""In a real browser: the API docs render from this installation alone (no CDN, no fonts
from elsewhere), so they work offline and under a strict Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_with_requests_to_this_installation_only(live_server, page):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(live_server.url + "/api/v1/docs/")

    # The docs have read the schema and drawn it: the title and an operation of ours.
    page.get_by_role("heading", name="kassalink API").first.wait_for()
    page.get_by_text("/api/v1/connections/", exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    own = urlsplit(live_server.url).netloc
    elsewhere = [url for url in asked if urlsplit(url).scheme in {"http", "https"}]
    elsewhere = [url for url in elsewhere if urlsplit(url).netloc != own]
    assert elsewhere == []
    assert refused == []
