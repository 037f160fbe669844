import { useEffect, useState, type FormEvent } from "react";
import { useClient, useMutation, useQuery, useSubscription } from "urql";
import { Comments } from "./Comments";
import { initials, money, visibleErrors } from "./errors";
import type { DealCardFragment } from "./gql/graphql";
import {
  PresenceHeartbeatMutation,
  PresenceSubscription,
  TaskCompleteMutation,
  TaskCreateMutation,
  TasksQuery,
} from "./operations";

// Presence entries expire on the server after TANDEM_PRESENCE_TTL_SECONDS (30 by default)
// without a heartbeat; a third of that keeps one alive through a late beat.
const HEARTBEAT_MS = 10_000;

interface Props {
  deal: DealCardFragment;
  meId: string | undefined;
  onClose: () => void;
}

export function DealPanel({ deal, meId, onClose }: Props) {
  const amount = money(deal.amount);
  const cost = money(deal.cost);
  return (
    <aside className="panel" data-testid="deal-panel">
      <header>
        <h2>{deal.title}</h2>
        <Presence dealId={deal.id} meId={meId} />
        <button onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <dl>
        {amount && (
          <>
            <dt>Amount</dt>
            <dd data-field="amount">{amount}</dd>
          </>
        )}
        {cost && (
          <>
            <dt>Cost</dt>
            <dd data-field="cost">{cost}</dd>
          </>
        )}
        {deal.owner?.name && (
          <>
            <dt>Owner</dt>
            <dd>{deal.owner.name}</dd>
          </>
        )}
        {deal.status && (
          <>
            <dt>Status</dt>
            <dd>{deal.status}</dd>
          </>
        )}
      </dl>
      <Tasks dealId={deal.id} />
      <Comments targetId={deal.id} />
    </aside>
  );
}

function Presence({ dealId, meId }: { dealId: string; meId: string | undefined }) {
  const client = useClient();
  useEffect(() => {
    const beat = (state: "VIEWING" | "LEFT") =>
      client.mutation(PresenceHeartbeatMutation, { resourceId: dealId, state }).toPromise();
    beat("VIEWING");
    const timer = setInterval(() => beat("VIEWING"), HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      beat("LEFT");
    };
  }, [client, dealId]);
  const [{ data }] = useSubscription({ query: PresenceSubscription, variables: { resourceId: dealId } });
  const present = (data?.presence.present ?? []).filter((entry) => entry.state !== "LEFT" && entry.user);
  return (
    <ul className="presence" aria-label="Also here">
      {present.map((entry) => (
        <li
          key={entry.user!.id}
          className={`avatar ${entry.state.toLowerCase()} ${entry.user!.id === meId ? "me" : ""}`}
          title={`${entry.user!.name} (${entry.state.toLowerCase()})`}
          data-testid="presence-avatar"
          data-user-name={entry.user!.name ?? ""}
        >
          {initials(entry.user!.name)}
        </li>
      ))}
    </ul>
  );
}

function Tasks({ dealId }: { dealId: string }) {
  const [{ data, error }, refetch] = useQuery({ query: TasksQuery });
  const [created, create] = useMutation(TaskCreateMutation);
  const [, complete] = useMutation(TaskCompleteMutation);
  const [title, setTitle] = useState("");
  const tasks = (data?.tasks.edges ?? []).map((e) => e.node).filter((t) => t.linkedRecord?.id === dealId);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { title, linkedRecordId: dealId } });
    if (result.data) {
      setTitle("");
      refetch({ requestPolicy: "network-only" });
    }
  };
  const errors = [...visibleErrors(error), ...visibleErrors(created.error)];
  return (
    <section className="tasks">
      <h3>Tasks</h3>
      <ul>
        {tasks.map((task) => (
          <li key={task.id} data-testid="task" className={task.status ?? ""}>
            <label>
              <input
                type="checkbox"
                checked={task.status === "done"}
                disabled={task.status === "done"}
                onChange={async () => {
                  await complete({ input: { id: task.id, expectedVersion: task.version } });
                  refetch({ requestPolicy: "network-only" });
                }}
              />
              {task.title}
            </label>
            {task.dueAt && <time dateTime={task.dueAt}>{new Date(task.dueAt).toLocaleDateString()}</time>}
            {task.assignee?.name && <span className="assignee">{task.assignee.name}</span>}
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <input placeholder="New task" value={title} onChange={(e) => setTitle(e.target.value)} required />
        <button type="submit">Add</button>
      </form>
      {errors.length > 0 && <p className="error">{errors.join("; ")}</p>}
    </section>
  );
}
