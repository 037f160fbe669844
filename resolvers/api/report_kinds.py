"""Closed sets of names of the customer report: RFM segments and how top customers rank."""

from __future__ import annotations

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
