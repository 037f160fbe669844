import { print } from "graphql";
import { useEffect, useMemo, useState } from "react";
import { Provider, useQuery } from "urql";
import { Board } from "./Board";
import { createApi, type Api } from "./client";
import { Dashboard } from "./Dashboard";
import { Login } from "./Login";
import { LogoutMutation, MeQuery, TokenRefreshMutation } from "./operations";
import { onTokens, post, refreshDelay, setTokens, tokens, type Tokens } from "./session";

export function App() {
  const [session, setSession] = useState<Tokens | null>(tokens());
  useEffect(() => onTokens(setSession), []);
  const signedIn = session !== null;
  // A new client (and socket) per sign-in; a refresh keeps it and restarts the socket.
  const api = useMemo(() => (signedIn ? createApi() : null), [signedIn]);
  useSessionRefresh(api);
  useEffect(
    () => () => {
      void api?.socket.dispose();
    },
    [api],
  );
  if (!api) return <Login />;
  return (
    <Provider value={api.client}>
      <Shell api={api} />
    </Provider>
  );
}

function useSessionRefresh(api: Api | null): void {
  const [session, setSession] = useState<Tokens | null>(tokens());
  useEffect(() => onTokens(setSession), []);
  useEffect(() => {
    if (!session || !api) return;
    const timer = setTimeout(async () => {
      try {
        const data = await post<{ tokenRefresh: Tokens }>(print(TokenRefreshMutation), {
          refreshToken: session.refreshToken,
        });
        setTokens(data.tokenRefresh);
        api.restartSocket();
      } catch {
        setTokens(null); // the refresh token is spent or revoked: sign in again
      }
    }, refreshDelay(session));
    return () => clearTimeout(timer);
  }, [session, api]);
}

function Shell({ api }: { api: Api }) {
  const [{ data }] = useQuery({ query: MeQuery });
  const [view, setView] = useState<"board" | "dashboard">("board");
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const signOut = async () => {
    const t = tokens();
    setTokens(null);
    if (t) await post(print(LogoutMutation), { refreshToken: t.refreshToken }).catch(() => null);
  };
  return (
    <div className="shell">
      <header>
        <strong>Tandem</strong>
        <nav>
          <button className={view === "board" ? "active" : ""} onClick={() => setView("board")}>
            Pipeline
          </button>
          <button className={view === "dashboard" ? "active" : ""} onClick={() => setView("dashboard")}>
            Dashboard
          </button>
        </nav>
        <span className="me" data-testid="me">
          {data?.me.name} · {data?.me.role?.name}
        </span>
        <button onClick={signOut}>Sign out</button>
      </header>
      <main>
        {view === "board" ? (
          <Board api={api} meId={data?.me.id} pipelineId={pipelineId} onPipeline={setPipelineId} />
        ) : (
          <Dashboard pipelineId={pipelineId} />
        )}
      </main>
    </div>
  );
}
