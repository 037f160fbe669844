// The peer's side of the fan-out benchmark: `pipelineEvents(pipelineId)` over PostGraphile's
// websockets, fed by PostgreSQL LISTEN/NOTIFY. A trigger (installed by benchmarks/peer_fanout.py,
// only while the peer is measured) notifies `pipeline_events:<pipeline id>` with
// {seq, kind, id, changed} on every deal insert or update; each subscriber's event then selects
// the deal like Tandem's subscribers do. No permissions: PostGraphile has none of Tandem's.
import { extendSchema, gql } from "postgraphile/utils";
import { context, lambda, listen } from "postgraphile/grafast";
import { jsonParse } from "postgraphile/@dataplan/json";

export const PipelineEventsPlugin = extendSchema((build) => {
  const deals = build.input.pgRegistry.pgResources.deal;
  if (!deals) throw new Error("no deal table in the peer's schema");
  return {
    typeDefs: gql`
      type PeerDealEvent {
        cursor: String!
        kind: String!
        recordId: ID!
        changedFields: [String!]!
        record: Deal
      }
      extend type Subscription {
        pipelineEvents(pipelineId: ID!): PeerDealEvent
      }
    `,
    objects: {
      Subscription: {
        plans: {
          pipelineEvents: {
            subscribePlan(_$root, fieldArgs) {
              const $topic = lambda(fieldArgs.getRaw("pipelineId"), (id) => `pipeline_events:${id}`);
              const $pgSubscriber = context().get("pgSubscriber");
              return listen($pgSubscriber, $topic, jsonParse);
            },
            plan($event) {
              return $event;
            },
          },
        },
      },
      PeerDealEvent: {
        plans: {
          cursor: ($e) => lambda($e.get("seq"), String),
          kind: ($e) => $e.get("kind"),
          recordId: ($e) => lambda($e.get("id"), String),
          changedFields: ($e) => $e.get("changed"),
          record: ($e) => deals.get({ id: $e.get("id") }),
        },
      },
    },
  };
});
