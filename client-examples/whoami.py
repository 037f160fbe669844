"""An internal tool talking to Tandem: sign in (or use an API key), refresh, ask who it is.

Uses only the public GraphQL API over HTTP, as any client would.
"""

from __future__ import annotations

import argparse
import os
import sys

import httpx

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken }
}"""
REFRESH = (
    """mutation($t: String!) { tokenRefresh(refreshToken: $t) { accessToken refreshToken } }"""
)
ME = "query { me { name email role { name level } departments { name } } }"


def call(client: httpx.Client, query: str, variables: dict[str, str], token: str | None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    ).json()
    if body.get("errors"):
        error = body["errors"][0]
        sys.exit(f"{error['extensions'].get('code')}: {error['message']}")
    return body["data"]


def default_url() -> str:
    """TANDEM_URL, else where `tandem demo` listens: TANDEM_HOST / TANDEM_PORT as the server
    reads them (127.0.0.1:8000 by default; 0.0.0.0 is reached at localhost)."""
    if os.environ.get("TANDEM_URL"):
        return os.environ["TANDEM_URL"].rstrip("/")
    host = os.environ.get("TANDEM_HOST", "127.0.0.1")
    host = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"http://{host}:{os.environ.get('TANDEM_PORT', '8000')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=default_url(), help="default: TANDEM_URL")
    parser.add_argument("--email")
    parser.add_argument("--password")
    args = parser.parse_args()
    with httpx.Client(base_url=args.url, timeout=10) as client:
        token = os.environ.get("TANDEM_API_KEY")
        if token is None:
            if not (args.email and args.password):
                sys.exit("give --email and --password, or set TANDEM_API_KEY")
            session = call(client, LOGIN, {"email": args.email, "password": args.password}, None)[
                "login"
            ]
            # Access tokens are short-lived; a long-running tool refreshes like this.
            session = call(client, REFRESH, {"t": session["refreshToken"]}, None)["tokenRefresh"]
            token = session["accessToken"]
        me = call(client, ME, {}, token)["me"]
        departments = ", ".join(d["name"] for d in me["departments"]) or "no department"
        print(
            f"{me['name']} <{me['email']}>: {me['role']['name']} (level {me['role']['level']}),"
            f" {departments}"
        )


if __name__ == "__main__":
    main()
