// PostGraphile v5, the benchmark peer: a GraphQL server compiled straight onto the PostgreSQL
// schema Tandem migrated (tables and foreign keys of `public`), no authentication, no row
// permissions. Started by benchmarks/compare.py with Node 22 from node_modules (see install.sh):
//
//   node_modules/.bin/node server.mjs postgres://postgres@127.0.0.1:5432/tandem_bench_smb 5678
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { PipelineEventsPlugin } from "./events.mjs";

const [connectionString, port] = process.argv.slice(2);
if (!connectionString || !port) {
  console.error("usage: server.mjs POSTGRES_URL PORT");
  process.exit(2);
}

const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  plugins: [PipelineEventsPlugin],
  // pubsub: LISTEN/NOTIFY for the fan-out benchmark's subscriptions (events.mjs).
  pgServices: [makePgService({ connectionString, schemas: ["public"], pubsub: true })],
  grafserv: {
    port: Number(port),
    host: "127.0.0.1",
    graphqlPath: "/graphql",
    watch: false,
    websockets: true,
  },
  grafast: { explain: false },
  // PostGraphile hides filters, orders and reverse relations on columns without an index;
  // Tandem filters and sorts on such columns (on tables this small PostgreSQL scans anyway),
  // so the peer is allowed the same, as `ignoreIndexes: true` did in v4.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
serv.addTo(server).catch((e) => {
  console.error(e);
  process.exit(1);
});
server.listen(Number(port), "127.0.0.1", () => console.log(`peer on http://127.0.0.1:${port}/graphql`));
process.on("SIGTERM", () => {
  server.close();
  pgl.release().finally(() => process.exit(0));
});
