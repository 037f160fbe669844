import { useSubscription } from "urql";
import { money, visibleErrors } from "./errors";
import { DashboardSubscription } from "./operations";

type Amounts = readonly { amount: string; currency: string }[] | null | undefined;

function total(amounts: Amounts): string | null {
  // Null when the role may not read deal amounts: the figure is then a count only.
  return amounts ? amounts.map((a) => money(a)).join(" + ") || "0" : null;
}

/** The figures of the board's pipeline (all pipelines before the board has shown one). */
export function Dashboard({ pipelineId }: { pipelineId: string | null }) {
  const [{ data, error }] = useSubscription({ query: DashboardSubscription, variables: { pipelineId } });
  const errors = visibleErrors(error);
  if (!data) return <p>{errors.join("; ") || "Waiting for figures…"}</p>;
  const metrics = data.dashboard;
  const widest = Math.max(1, ...metrics.stages.map((s) => s.open.count));
  const barHeight = 28;
  return (
    <div className="dashboard" data-testid="dashboard">
      <div className="figures">
        <Figure label="Open deals" count={metrics.open.count} amount={total(metrics.open.amounts)} />
        <Figure label="Won this month" count={metrics.wonThisMonth.count} amount={total(metrics.wonThisMonth.amounts)} />
        {metrics.tasksOverdue !== null && metrics.tasksOverdue !== undefined && (
          <Figure label="Tasks overdue" count={metrics.tasksOverdue} amount={null} />
        )}
      </div>
      <h2>Open deals per stage</h2>
      <svg
        className="chart"
        role="img"
        aria-label="Open deals per stage"
        width="100%"
        height={metrics.stages.length * barHeight}
        viewBox={`0 0 600 ${metrics.stages.length * barHeight}`}
      >
        {metrics.stages.map((figure, i) => (
          <g key={figure.stage.id} transform={`translate(0 ${i * barHeight})`} data-testid="chart-bar">
            <text x={0} y={18} fontSize={13}>
              {figure.stage.name}
            </text>
            <rect x={140} y={4} height={barHeight - 8} width={(figure.open.count / widest) * 360} fill={figure.stage.color || "#4a7"} />
            <text x={150 + (figure.open.count / widest) * 360} y={18} fontSize={13}>
              {figure.open.count}
              {figure.open.count > 0 && total(figure.open.amounts) ? ` · ${total(figure.open.amounts)}` : ""}
            </text>
          </g>
        ))}
      </svg>
      <p className="muted">Updated {new Date(metrics.computedAt).toLocaleTimeString()}</p>
    </div>
  );
}

function Figure({ label, count, amount }: { label: string; count: number; amount: string | null }) {
  return (
    <div className="figure">
      <span className="label">{label}</span>
      <span className="count">{count}</span>
      {amount && <span className="amount">{amount}</span>}
    </div>
  );
}
