"""Audit walk cases: reports (saving an RFM segment of the customer report)."""

from __future__ import annotations

from typing import Any

from tests.hardening.audit_cases.registry import World, case


@case("customerReportSaveSegment")
async def _customer_report_save_segment(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        """mutation { customerReportSaveSegment(input: {name: "Champions", segment: CHAMPIONS,
           from: "2026-01-01", to: "2026-03-31"}) { id } }""",
        {},
        "segment.",
    )
