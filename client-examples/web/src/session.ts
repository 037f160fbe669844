// The signed-in session: tokens kept in sessionStorage (one per tab, gone with it), refreshed
// through `tokenRefresh` before the access token expires. The server closes a socket whose token
// expires (4401), so the page refreshes a minute ahead and restarts its socket with the new one.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
}

const KEY = "tandem.session";
// How long before expiry the page refreshes: a minute, or half the token's life if shorter.
const AHEAD_MS = 60_000;

type Listener = (tokens: Tokens | null) => void;

let current: Tokens | null = read();
const listeners = new Set<Listener>();

function read(): Tokens | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

export function tokens(): Tokens | null {
  return current;
}

export function setTokens(next: Tokens | null): void {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(next));
}

export function onTokens(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Milliseconds until the session should be refreshed (0: now). */
export function refreshDelay(t: Tokens, now = Date.now()): number {
  const expires = Date.parse(t.accessTokenExpiresAt);
  const life = expires - now;
  return Math.max(0, life - Math.min(AHEAD_MS, life / 2));
}

/** One GraphQL request outside urql (sign-in and refresh run before a client exists). */
export async function post<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(new URL("graphql", new URL("/", location.href)), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(body.errors?.map((e) => e.message).join("; ") || `HTTP ${response.status}`);
  }
  return body.data;
}
