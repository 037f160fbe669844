"""Setting an exchange rate (one, or an imported file's in one go) and the base currency: each
one unit of work with its audit entries and outbox events (a rate's event reaches
`recordEvents` subscribers of exchangeRate)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from models import currencies, events
from models.audit import write_audit
from models.errors import BadInput
from models.exchange import CompanySetting, ExchangeRate
from models.money import BASE_CURRENCY_KEY, base_currency
from models.outbox import emit
from models.unit_of_work import unit_of_work

# The column is DECIMAL(20, 8): 12 integer digits.
MAX_RATE = Decimal("1e12")


def checked_rate(currency: str, rate: Decimal) -> tuple[str, Decimal]:
    """The ISO code and the rate, or BAD_USER_INPUT before anything is written."""
    code = currencies.iso_code(currency)
    if not rate.is_finite() or rate <= 0 or rate >= MAX_RATE:
        raise BadInput("A rate is a positive number below 10^12", field="rate")
    if rate.as_tuple().exponent < -8:  # type: ignore[operator]
        raise BadInput("A rate has at most 8 decimals", field="rate")
    return code, rate


async def set_rate(
    currency: str, rate: Decimal, valid_on: date, actor_id: int | None
) -> ExchangeRate:
    """Set the rate of ``currency`` (in the base currency) from ``valid_on``: a second rate on
    the same day replaces the first (a correction), earlier documents keep theirs."""
    code, rate = checked_rate(currency, rate)
    if code == await base_currency():
        raise BadInput("The base currency's rate is always 1", field="currency")
    async with unit_of_work():
        row = await ExchangeRate.select_for_update().get_or_none(currency=code, valid_on=valid_on)
        before = None if row is None else {"rate": str(row.rate)}
        if row is None:
            row = await ExchangeRate.create(currency=code, rate=rate, valid_on=valid_on)
            kind = events.CREATED
        else:
            row.rate = rate
            row.version += 1
            await row.save(update_fields=["rate", "version", "updated_at"])
            kind = events.UPDATED
        after = {"currency": code, "rate": str(rate), "validOn": valid_on.isoformat()}
        await write_audit(actor_id, "exchangeRate.set", "exchangeRate", row.pk, before, after)
        await emit(
            kind,
            "exchangeRate",
            row,
            changed=["rate"] if before else ["currency", "rate", "valid_on"],
            topics=["exchangeRate", f"exchangeRate:{row.pk}"],
            actor_id=actor_id,
        )
    return row


async def set_rates(
    rates: Sequence[tuple[str, Decimal, date]], source: str, actor_id: int | None
) -> list[ExchangeRate]:
    """Set many rates (an imported file, checked row by row before: imports/rates.py) in one
    unit of work: every rate with its audit entry and event, or, on any failure, none."""
    async with unit_of_work():
        rows = [await set_rate(code, rate, day, actor_id) for code, rate, day in rates]
        days = sorted({day for _, _, day in rates})
        summary = {"source": source, "rates": len(rows)}
        if days:
            summary |= {"from": days[0].isoformat(), "to": days[-1].isoformat()}
        await write_audit(actor_id, "exchangeRate.import", "exchangeRate", None, None, summary)
    return rows


async def set_base_currency(currency: str, actor_id: int | None) -> str:
    code = currencies.iso_code(currency)
    async with unit_of_work():
        # Rates are quoted in the base currency: changing it under them would silently change
        # what every rate means, so it is chosen before the first rate is set.
        if await ExchangeRate.exists():
            raise BadInput(
                "The base currency is fixed once exchange rates are set", field="currency"
            )
        row = await CompanySetting.select_for_update().get_or_none(key=BASE_CURRENCY_KEY)
        before = None if row is None else row.value
        if row is None:
            await CompanySetting.create(key=BASE_CURRENCY_KEY, value=code)
        else:
            row.value = code
            await row.save(update_fields=["value"])
        await write_audit(
            actor_id,
            "company.baseCurrency",
            "exchangeRate",
            None,
            {"baseCurrency": before},
            {"baseCurrency": code},
        )
    return code
