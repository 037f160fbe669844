"""The GraphQL endpoint over HTTP, as a client sees it (GraphQL-over-HTTP spec)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

SERVER_INFO = "query { serverInfo { version } }"


async def test_a_query_over_post_returns_data(api: GraphQLClient) -> None:
    data = await api.ok(SERVER_INFO)
    assert data["serverInfo"]["version"]


async def test_a_query_over_get_returns_data(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql", params={"query": SERVER_INFO}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["serverInfo"]["version"]


async def test_a_browser_opening_the_endpoint_gets_graphiql(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_the_graphql_response_media_type_is_served_when_asked(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        "/graphql",
        json={"query": SERVER_INFO},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")


async def test_a_syntax_error_is_a_400_without_data_under_the_new_media_type(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        "/graphql",
        json={"query": "query {"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_an_unknown_field_is_a_validation_error_with_a_code(api: GraphQLClient) -> None:
    error = await api.error("query { serverInfo { nope } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "nope" in error["message"]


async def test_a_missing_variable_is_bad_user_input(api: GraphQLClient) -> None:
    error = await api.error("query Q($x: String!) { serverInfo { version } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_queries_with_too_many_aliases_are_refused(api: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: serverInfo {{ version }}" for i in range(40))
    error = await api.error(f"query {{ {aliases} }}")
    assert "aliases" in error["message"].lower()


async def test_a_body_that_is_not_json_is_a_400(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_queries_nested_deeper_than_the_limit_are_refused(api: GraphQLClient) -> None:
    account = await signed_in(api)
    deep = "manager { " * 13 + "name" + " }" * 13
    error = await api.error(f"query Deep {{ me {{ {deep} }} }}", token=account.access_token)
    assert "exceeds maximum operation depth" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_queries_within_the_depth_limit_run(api: GraphQLClient) -> None:
    account = await signed_in(api)
    nested = "manager { " * 5 + "name" + " }" * 5
    data = await api.ok(f"query {{ me {{ {nested} }} }}", token=account.access_token)
    assert data["me"]["manager"] is None


async def test_an_authenticated_request_costs_a_fixed_number_of_statements(
    api: GraphQLClient,
) -> None:
    account = await signed_in(api, "salesperson")
    query = "query { me { email role { name } departments { name } } }"
    with count_statements(include_caller=True) as statements:
        await api.ok(query, token=account.access_token)
    # Sign-in check (user, role and departments in one statement: the token's first request),
    # then me, its role and its departments.
    assert statements.count == 4, statements.statements


async def test_a_repeated_query_is_validated_once(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import strawberry.schema.schema as strawberry_schema

    validated: list[object] = []
    validate = strawberry_schema.validate

    def counting(*args: Any, **kwargs: Any) -> Any:
        validated.append(args[1])
        return validate(*args, **kwargs)

    # Every validation, on either HTTP path, ends in this function.
    monkeypatch.setattr(strawberry_schema, "validate", counting)
    query = "query Repeated { serverInfo { version } }"
    await api.ok(query)
    first = len(validated)

    await api.ok(query)
    await api.ok(query)

    assert first <= 1
    assert len(validated) == first
