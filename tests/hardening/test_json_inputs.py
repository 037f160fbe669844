"""A JSON-scalar input of the wrong shape is BAD_USER_INPUT, not a crash (found by generation)."""

from __future__ import annotations

import pytest

from tests.support.accounts import signed_in
from tests.support.fingerprint import changes, fingerprint
from tests.support.graphql import GraphQLClient

IMPORT = """
mutation($mapping: JSON) {
  contactImport(input: {csv: "first_name\\nAda\\n", mapping: $mapping}) { created }
}
"""


@pytest.mark.parametrize("mapping", ["{}", [], 1, {"first_name": 3}, [["first_name", "firstName"]]])
async def test_contact_import_mapping_of_the_wrong_shape_is_refused(
    api: GraphQLClient, mapping: object
) -> None:
    owner = await signed_in(api, "owner")
    before = await fingerprint()
    error = await api.error(IMPORT, {"mapping": mapping}, token=owner.access_token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "mapping"}
    assert changes(before, await fingerprint()) == []


async def test_contact_import_mapping_object_still_works(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    data = await api.ok(IMPORT, {"mapping": {"first_name": "firstName"}}, token=owner.access_token)
    assert data["contactImport"]["created"] == 1
