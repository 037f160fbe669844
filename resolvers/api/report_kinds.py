"""Closed sets of names of the customer report (RFM segments, how top customers rank) and the
input that saves an RFM segment."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry


@strawberry.enum(
    description="RFM segments by recency and frequency scores (first match): CHAMPIONS R>=4 "
    "F>=4; LOYAL R>=3 F>=3; NEW R>=4 F=1; PROMISING R>=3; AT_RISK R<=2 F>=3; HIBERNATING R=2; "
    "LOST R=1"
)
class RfmSegment(Enum):
    CHAMPIONS = "champions"
    LOYAL = "loyal"
    NEW = "new"
    PROMISING = "promising"
    AT_RISK = "at_risk"
    HIBERNATING = "hibernating"
    LOST = "lost"


@strawberry.enum(description="What ranks the top customers")
class CustomerRanking(Enum):
    REVENUE = strawberry.enum_value(
        "revenue", description="Won revenue in the base currency (needs deal amounts)"
    )
    WON_COUNT = strawberry.enum_value("count", description="Won deals, then the most recent first")


@strawberry.input(description="One RFM segment of customerReport, saved as a live segment")
class RfmSegmentInput:
    name: str
    segment: RfmSegment
    start: date = strawberry.field(name="from", description="First day, inclusive")
    end: date = strawberry.field(name="to", description="Last day, inclusive")
    pipeline_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
