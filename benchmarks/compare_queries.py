"""The side-by-side scenarios' GraphQL documents: each once for Tandem and once for PostGraphile,
selecting the same data (PostGraphile's names: `rowId`, `nodes`, `condition`, `orderBy` enums).

Tandem answers as the Owner (who may read every field), so both sides do the same work on the
data; what Tandem adds is its permission layer, which the Owner goes through like anyone else.
"""

from __future__ import annotations

from typing import Any

# 1. board: the pipeline's 5 stages, the first 50 deals of each, in column order.
TANDEM_BOARD = """
query Board { pipelines { id name stages { id name deals(first: 50) { edges { node {
  id title position amount { amount currency }
  company { id name } contact { id firstName lastName } owner { id name }
} } } } } }
"""
PEER_BOARD = """
query Board { pipelines { nodes { id name stages(orderBy: [POSITION_ASC]) { nodes { id name
  deals(first: 50, orderBy: [POSITION_ASC, PRIMARY_KEY_ASC], condition: {deletedAt: null}) {
    edges { node {
      id title position amount currency
      company { id name } contact { id firstName lastName } owner { id name }
} } } } } } } }
"""

# 2. list: customers by last name, 100 a page, the second page (after the first's end cursor).
TANDEM_LIST = """
query List($after: String) {
  contacts(first: 100, after: $after, filter: {lifecycleStage: "customer"},
           orderBy: [{field: LAST_NAME, direction: ASC}]) {
    edges { cursor node { id firstName lastName email phone lifecycleStage company { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
PEER_LIST = """
query List($after: Cursor) {
  contacts(first: 100, after: $after, condition: {lifecycleStage: "customer", deletedAt: null},
           orderBy: [LAST_NAME_ASC, PRIMARY_KEY_ASC]) {
    edges { cursor node { id firstName lastName email phone lifecycleStage company { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

# 3. record detail: a contact, its company, its open deals and its last 20 activities.
TANDEM_DETAIL = """
query Detail($id: ID!) {
  node(id: $id) { ... on Contact {
    id firstName lastName email phone lifecycleStage company { id name }
    deals(first: 50, filter: {status: "open"}) { edges { node {
      id title amount { amount currency } stage { id name } } } }
  } }
  activities(first: 20, filter: {contactId: $id},
             orderBy: [{field: OCCURRED_AT, direction: DESC}]) {
    edges { node { id kind subject occurredAt } }
  }
}
"""
PEER_DETAIL = """
query Detail($id: BigInt!) {
  contact(rowId: $id) {
    id firstName lastName email phone lifecycleStage company { id name }
    deals(first: 50, condition: {status: "open", deletedAt: null}) { nodes {
      id title amount currency stage { id name } } }
    activities(first: 20, orderBy: [OCCURRED_AT_DESC, PRIMARY_KEY_DESC],
               condition: {deletedAt: null}) {
      nodes { id kind subject occurredAt }
    }
  }
}
"""

# 4. mutation: move a deal to another column. Tandem: dealMove (gate, version, stage history,
# audit row and outbox event in one transaction). Peer: a plain UPDATE of stage and position.
TANDEM_MOVE = """
mutation Move($id: ID!, $stageId: ID!) {
  dealMove(input: {id: $id, stageId: $stageId, position: 10}) { id version stage { id } }
}
"""
PEER_MOVE = """
mutation Move($id: BigInt!, $stageId: BigInt!) {
  updateDeal(input: {rowId: $id, patch: {stageId: $stageId, position: "5000"}}) {
    deal { id version stageId }
  }
}
"""

# 6. floor
TYPENAME = "{ __typename }"


def body(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"query": query, "variables": variables or {}}


def board_columns(target: str, data: dict[str, Any]) -> list[list[str]]:
    """Deal titles per column, to check that both sides show the same board."""
    if target == "tandem":
        stages = data["pipelines"][0]["stages"]
        return [[e["node"]["title"] for e in s["deals"]["edges"]] for s in stages]
    stages = data["pipelines"]["nodes"][0]["stages"]["nodes"]
    return [[e["node"]["title"] for e in s["deals"]["edges"]] for s in stages]


def list_names(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["node"]["lastName"], e["node"]["email"]) for e in data["contacts"]["edges"]]


def detail_sizes(target: str, data: dict[str, Any]) -> tuple[int, int]:
    """(open deals, activities) of the record page."""
    if target == "tandem":
        deals = len(data["node"]["deals"]["edges"])
        return deals, len(data["activities"]["edges"])
    contact = data["contact"]
    return len(contact["deals"]["nodes"]), len(contact["activities"]["nodes"])
