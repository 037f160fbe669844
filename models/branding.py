"""The company's branding on its sales documents: name, address, bank details, colour, logo.

One row (``id`` 1), kept in the database like the base currency, so every process renders the
same letterhead and an administrator changes it without a restart. Validation lives here
(`checked_branding`), before anything is written: a colour is ``#rrggbb``, the logo a PNG or
JPEG of at most ``MAX_LOGO_BYTES`` (it is embedded in every PDF as a data URI, never fetched).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.audit import write_audit
from models.errors import BadInput
from models.i18n import msg
from models.unit_of_work import unit_of_work

MAX_LOGO_BYTES = 256 * 1024
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
TEXT_LIMITS = {"name": 200, "address": 500, "bank_details": 500, "email": 254}
DEFAULT_COLOUR = "#1f4e79"


class CompanyBranding(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, default="")
    address = fields.TextField(default="")
    email = fields.CharField(max_length=254, default="")
    bank_details = fields.TextField(default="")
    colour = fields.CharField(max_length=7, default=DEFAULT_COLOUR)
    # The logo's bytes as base64 (empty: no logo) and its media type.
    logo = fields.TextField(default="")
    logo_type = fields.CharField(max_length=20, default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "company_branding"
        app = "tandem"


@dataclass(frozen=True, slots=True)
class Branding:
    """What a document prints of the company (plain values, no database row)."""

    name: str = ""
    address: str = ""
    email: str = ""
    bank_details: str = ""
    colour: str = DEFAULT_COLOUR
    logo_data_uri: str = ""


async def branding() -> Branding:
    row = await CompanyBranding.get_or_none(id=1)
    if row is None:
        return Branding()
    uri = f"data:{row.logo_type};base64,{row.logo}" if row.logo else ""
    return Branding(row.name, row.address, row.email, row.bank_details, row.colour, uri)


def _logo(value: str) -> tuple[str, str]:
    """(base64 text, media type) of a logo given as base64; empty removes it."""
    if value == "":
        return "", ""
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("The logo is base64 of a PNG or JPEG image", field="logo") from None
    if len(data) > MAX_LOGO_BYTES:
        raise BadInput(
            msg("The logo is at most {kib} KiB", kib=MAX_LOGO_BYTES // 1024), field="logo"
        )
    for magic, media_type in LOGO_TYPES.items():
        if data.startswith(magic):
            return base64.b64encode(data).decode(), media_type
    raise BadInput("The logo is base64 of a PNG or JPEG image", field="logo")


def checked_branding(values: dict[str, Any]) -> dict[str, Any]:
    """Columns to write from the given values (None: unchanged); BAD_USER_INPUT otherwise."""
    columns: dict[str, Any] = {}
    for column, limit in TEXT_LIMITS.items():
        value = values.get(column)
        if value is None:
            continue
        if len(value) > limit:
            raise BadInput(msg("At most {limit} characters", limit=limit), field=column)
        columns[column] = value.strip()
    colour = values.get("colour")
    if colour is not None:
        if not COLOUR.fullmatch(colour):
            raise BadInput("A colour is #rrggbb", field="colour")
        columns["colour"] = colour.lower()
    if values.get("logo") is not None:
        columns["logo"], columns["logo_type"] = _logo(values["logo"])
    return columns


async def set_branding(values: dict[str, Any], actor_id: int | None) -> Branding:
    columns = checked_branding(values)
    async with unit_of_work():
        row, _ = await CompanyBranding.get_or_create(id=1)
        row = await CompanyBranding.select_for_update().get(id=1)
        before = {k: getattr(row, k) for k in columns if k not in ("logo", "logo_type")}
        for column, value in columns.items():
            setattr(row, column, value)
        await row.save()
        after = {k: v for k, v in columns.items() if k not in ("logo", "logo_type")}
        if "logo" in columns:
            # The audit names the change, not the image's bytes.
            before["logo"], after["logo"] = "…", "removed" if not columns["logo"] else "set"
        await write_audit(actor_id, "company.branding", "companyBranding", None, before, after)
    return await branding()
