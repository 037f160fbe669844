"""The company's branding on documents: set through the API (validated, audited, refused to
roles that may not set company settings) and printed: name, address, bank details, colour and
logo, compared as a rendered page (pdftoppm) with a committed reference image."""

from __future__ import annotations

import base64
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PIL import Image

from models.audit import AuditEntry
from models.clock import FrozenClock
from tests.support.accounts import signed_in
from tests.support.documents import difference_ratio, fetch, first_page, issued_invoice, pdf_text
from tests.support.graphql import GraphQLClient

SET = """mutation($input: CompanyBrandingInput!) { companyBrandingSet(input: $input) {
  name address email bankDetails colour hasLogo } }"""
REFERENCE = Path(__file__).parent / "reference" / "invoice-en.png"
# Share of pixels allowed to differ (anti-aliasing, a library's rounding): 0.1 %, about 350 of a
# 496x702 page; the logo alone is 0.25 %, a line of text more.
TOLERANCE = 0.001


def logo() -> str:
    image = Image.new("RGB", (120, 40), "#c0392b")
    image.paste(Image.new("RGB", (40, 40), "#f1c40f"), (80, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


BRANDING = {
    "name": "Tandem Demo SL",
    "address": "Calle de Alcalá 42\n28014 Madrid",
    "email": "billing@tandem.test",
    "bankDetails": "IBAN ES91 2100 0418 4502 0005 1332\nBIC CAIXESBBXXX",
    "colour": "#0B6E4F",
}


async def test_an_admin_sets_the_branding_and_it_is_audited(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")

    data = await api.ok(SET, {"input": {**BRANDING, "logo": logo()}}, token=admin.access_token)

    assert data["companyBrandingSet"] == {
        **{k: v for k, v in BRANDING.items() if k != "colour"},
        "colour": "#0b6e4f",
        "hasLogo": True,
    }
    entry = await AuditEntry.filter(action="company.branding").get()
    assert entry.actor_id == admin.user.id
    assert entry.after["logo"] == "set" and entry.after["name"] == "Tandem Demo SL"
    read = await api.ok("{ companyBranding { name hasLogo } }", token=admin.access_token)
    assert read["companyBranding"] == {"name": "Tandem Demo SL", "hasLogo": True}


async def test_a_manager_may_not_set_the_branding(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")

    error = await api.error(SET, {"input": {"name": "Mine"}}, token=manager.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    read = await api.ok("{ companyBranding { name } }", token=manager.access_token)
    assert read["companyBranding"]["name"] == ""


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"colour": "green"}, "colour"),
        ({"colour": "#12345"}, "colour"),
        ({"logo": "not base64!"}, "logo"),
        ({"logo": base64.b64encode(b"GIF89a....").decode()}, "logo"),
        ({"logo": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 300_000).decode()}, "logo"),
        ({"name": "x" * 201}, "name"),
        ({"bankDetails": "x" * 501}, "bank_details"),
    ],
)
async def test_bad_branding_is_refused_with_its_field_and_nothing_changes(
    api: GraphQLClient, values: dict[str, str], field: str
) -> None:
    admin = await signed_in(api, "admin")
    await api.ok(SET, {"input": {"name": "Before"}}, token=admin.access_token)

    error = await api.error(SET, {"input": {"name": "After", **values}}, token=admin.access_token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    read = await api.ok("{ companyBranding { name } }", token=admin.access_token)
    assert read["companyBranding"]["name"] == "Before"


async def test_the_branded_invoice_page_matches_the_reference_image(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))
    admin = await signed_in(api, "admin")
    await api.ok(SET, {"input": {**BRANDING, "logo": logo()}}, token=admin.access_token)
    invoice = await issued_invoice(api, admin)

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", admin.access_token)

    text = pdf_text(response.content)
    assert "Tandem Demo SL" in text and "28014 Madrid" in text
    assert "IBAN ES91 2100 0418 4502 0005 1332" in text and "billing@tandem.test" in text
    page = first_page(response.content)
    if os.environ.get("TANDEM_UPDATE_REFERENCE") == "1":
        # Regenerating the reference is a deliberate act: look at the new image before
        # committing it.
        REFERENCE.parent.mkdir(exist_ok=True)
        page.save(REFERENCE)
    with Image.open(REFERENCE) as reference:
        assert difference_ratio(page, reference.convert("RGB")) <= TOLERANCE
    # The brand colour is on the page: the table head is filled with it.
    assert (11, 110, 79) in {colour for _, colour in page.getcolors(1 << 16) or []}
