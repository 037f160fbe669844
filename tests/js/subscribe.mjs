// Subscribes with the graphql-ws client (graphql-transport-ws) and prints each result as one
// JSON line; exits after COUNT results. Usage: node subscribe.mjs URL TOKEN COUNT QUERY
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, count, query] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
});
let seen = 0;
try {
  for await (const result of client.iterate({ query })) {
    console.log(JSON.stringify(result));
    seen += 1;
    if (seen >= Number(count)) break;
  }
} catch (error) {
  console.error(JSON.stringify({ error: String(error?.message ?? error?.reason ?? error) }));
  process.exitCode = 1;
} finally {
  await client.dispose();
}
