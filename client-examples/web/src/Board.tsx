import { useCallback, useEffect, useMemo, useState, type DragEvent } from "react";
import { useClient, useMutation, useQuery, useSubscription } from "urql";
import type { Api } from "./client";
import { DealPanel } from "./DealPanel";
import { errorCode, money, visibleErrors } from "./errors";
import type { DealCardFragment, PipelineEventsSubscription as Event } from "./gql/graphql";
import { BoardQuery, DealMoveMutation, DealQuery, PipelineEventsSubscription } from "./operations";

type Deals = Map<string, DealCardFragment>;

function byPosition(a: DealCardFragment, b: DealCardFragment): number {
  return (a.position ?? 0) - (b.position ?? 0) || (a.title ?? "").localeCompare(b.title ?? "");
}

/** One event of `pipelineEvents` applied to the board's deals. */
export function applyEvent(deals: Deals, event: Event["pipelineEvents"]): Deals {
  const next = new Map(deals);
  const record = event.record?.__typename === "Deal" ? event.record : null;
  // recordId is null only on CAUGHT_UP, which this board does not ask for (no markCaughtUp).
  if ((event.kind === "DELETED" || event.kind === "LEFT_VIEW") && event.recordId) next.delete(event.recordId);
  else if (record && record.version >= (deals.get(record.id)?.version ?? 0)) next.set(record.id, record);
  return next;
}

interface Props {
  api: Api;
  meId: string | undefined;
  /** The pipeline shown (the first one until another is chosen), kept by the page. */
  pipelineId: string | null;
  onPipeline: (id: string) => void;
}

export function Board({ api, meId, pipelineId, onPipeline }: Props) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: BoardQuery });
  const client = useClient();
  const [deals, setDeals] = useState<Deals>(new Map());
  const [openDeal, setOpenDeal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [, move] = useMutation(DealMoveMutation);

  const pipeline = data?.pipelines.find((p) => p.id === pipelineId) ?? data?.pipelines[0];
  useEffect(() => {
    if (!pipeline) return;
    if (pipeline.id !== pipelineId) onPipeline(pipeline.id);
    const loaded: Deals = new Map();
    for (const stage of pipeline.stages ?? []) {
      for (const edge of stage.deals.edges) loaded.set(edge.node.id, edge.node);
    }
    setDeals(loaded);
  }, [pipeline, pipelineId, onPipeline]);
  // After a dropped connection the events in between are not replayed: read the board again.
  useEffect(
    () => api.onReconnected(() => refetch({ requestPolicy: "network-only" })),
    [api, refetch],
  );

  useSubscription(
    { query: PipelineEventsSubscription, variables: { pipelineId: pipeline?.id ?? "" }, pause: !pipeline },
    (_previous, event) => {
      setDeals((current) => applyEvent(current, event.pipelineEvents));
      return event;
    },
  );

  const columns = useMemo(() => {
    const grouped = new Map<string, DealCardFragment[]>();
    for (const deal of deals.values()) {
      const stageId = deal.stage?.id;
      if (!stageId) continue;
      grouped.set(stageId, [...(grouped.get(stageId) ?? []), deal]);
    }
    grouped.forEach((list) => list.sort(byPosition));
    return grouped;
  }, [deals]);

  const drop = useCallback(
    async (event: DragEvent, stageId: string) => {
      event.preventDefault();
      const dealId = event.dataTransfer.getData("text/x-tandem-deal");
      const deal = deals.get(dealId);
      if (!deal) return;
      // Dropped on a card: take its place; elsewhere in the column: the end.
      const others = (columns.get(stageId) ?? []).filter((d) => d.id !== dealId);
      const target = (event.target as HTMLElement).closest<HTMLElement>("[data-deal-id]");
      const index = target ? others.findIndex((d) => d.id === target.dataset.dealId) : -1;
      const position = index >= 0 ? index : others.length;
      setNotice(null);
      const result = await move({
        input: { id: dealId, stageId, position, expectedVersion: deal.version },
      });
      if (result.data) {
        const moved = result.data.dealMove;
        setDeals((current) => new Map(current).set(moved.id, moved));
      } else if (errorCode(result.error) === "CONFLICT") {
        // Someone changed the deal first: show where it is now, as the server has it.
        const fresh = await client.query(DealQuery, { id: dealId }, { requestPolicy: "network-only" }).toPromise();
        const now = fresh.data?.node?.__typename === "Deal" ? fresh.data.node : null;
        if (now) setDeals((current) => new Map(current).set(now.id, now));
        setNotice(
          now
            ? `“${now.title}” was changed meanwhile: it is in ${now.stage?.name} (version ${now.version}). Your move was not applied.`
            : "That deal was changed or removed meanwhile.",
        );
      } else {
        setNotice(visibleErrors(result.error).join("; ") || "The move failed.");
      }
    },
    [client, columns, deals, move],
  );

  if (fetching && !data) return <p>Loading…</p>;
  const errors = visibleErrors(error);
  if (!pipeline) return <p className="error">{errors.join("; ") || "No pipeline you may see."}</p>;
  const selected = openDeal ? deals.get(openDeal) : undefined;
  return (
    <div className="board-page">
      <div className="toolbar">
        <select value={pipeline.id} onChange={(e) => onPipeline(e.target.value)}>
          {data?.pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {notice && (
          <p className="notice" role="alert" data-testid="conflict">
            {notice}
          </p>
        )}
      </div>
      <div className="board">
        {(pipeline.stages ?? []).map((stage) => (
          <section
            key={stage.id}
            className="column"
            data-testid="stage"
            data-stage-id={stage.id}
            data-stage-name={stage.name}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => drop(e, stage.id)}
          >
            <h2 style={{ borderColor: stage.color }}>
              {stage.name} <span className="count">{columns.get(stage.id)?.length ?? 0}</span>
            </h2>
            {(columns.get(stage.id) ?? []).map((deal) => (
              <DealCard key={deal.id} deal={deal} onOpen={() => setOpenDeal(deal.id)} />
            ))}
          </section>
        ))}
      </div>
      {selected && (
        <DealPanel deal={selected} meId={meId} onClose={() => setOpenDeal(null)} key={selected.id} />
      )}
    </div>
  );
}

function DealCard({ deal, onOpen }: { deal: DealCardFragment; onOpen: () => void }) {
  const amount = money(deal.amount);
  const cost = money(deal.cost);
  return (
    <article
      className="card"
      draggable
      data-testid="deal-card"
      data-deal-id={deal.id}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/x-tandem-deal", deal.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      onClick={onOpen}
    >
      <h3>{deal.title}</h3>
      {/* Absent, not blank, when the role may not read them. */}
      {amount && <p data-field="amount">{amount}</p>}
      {cost && <p data-field="cost">Cost {cost}</p>}
      {deal.owner?.name && <p className="owner">{deal.owner.name}</p>}
    </article>
  );
}
