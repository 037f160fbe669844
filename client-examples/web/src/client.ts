// One urql client per session: HTTP for queries and mutations with the current access token,
// graphql-ws for subscriptions with the token in `connection_init`.
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";
import { tokens } from "./session";

export interface Api {
  client: Client;
  socket: WsClient;
  /** Reconnect the socket, with the current token; subscriptions resume on their own. */
  restartSocket(): void;
  /** Called with each (re)connection after the first, so views refetch what they missed. */
  onReconnected(listener: () => void): () => void;
}

function bearer(): string {
  const t = tokens();
  return t ? `Bearer ${t.accessToken}` : "";
}

export function createApi(): Api {
  const origin = new URL("/", location.href);
  const wsUrl = new URL("graphql", origin);
  wsUrl.protocol = wsUrl.protocol === "https:" ? "wss:" : "ws:";
  let raw: WebSocket | null = null;
  let connections = 0;
  const reconnected = new Set<() => void>();
  const socket = createWsClient({
    url: wsUrl.toString(),
    lazy: true,
    // Read at every (re)connection, so a refreshed token is used.
    connectionParams: () => ({ Authorization: bearer() }),
    retryAttempts: Infinity,
    // 4205 is our own restart (below); a network drop is retried too.
    shouldRetry: () => true,
    on: {
      opened: (ws) => {
        raw = ws as WebSocket;
      },
      connected: () => {
        connections += 1;
        if (connections > 1) reconnected.forEach((listener) => listener());
      },
    },
  });
  const client = new Client({
    url: new URL("graphql", origin).toString(),
    // Fields a role may not read are null with FORBIDDEN: never cache a stale value over them.
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { authorization: bearer() } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    socket,
    restartSocket() {
      if (raw && raw.readyState === WebSocket.OPEN) raw.close(4205, "Client Restart");
    },
    onReconnected(listener) {
      reconnected.add(listener);
      return () => reconnected.delete(listener);
    },
  };
}
