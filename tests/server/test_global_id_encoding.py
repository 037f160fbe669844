"""Global ids are ``base64.urlsafe_b64encode("Type:pk")`` (the format clients hold), whichever
way models/global_ids.py builds them, and parse back to what they were made of."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from models.global_ids import MAX_KEY, MIN_KEY, global_id, parse_global_id

TYPE_NAMES = st.from_regex(r"[A-Z][A-Za-z]{0,30}", fullmatch=True)


@given(TYPE_NAMES, st.integers(MIN_KEY, MAX_KEY))
def test_a_global_id_is_the_url_safe_base64_of_type_and_key(type_name: str, pk: int) -> None:
    made = global_id(type_name, pk)
    assert made == base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode()
    assert parse_global_id(made) == (type_name, pk)
