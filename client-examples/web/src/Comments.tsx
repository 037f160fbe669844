import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { visibleErrors } from "./errors";
import type { CommentFieldsFragment } from "./gql/graphql";
import { CommentCreateMutation, CommentEventsSubscription, CommentsQuery, UserSearchQuery } from "./operations";

// The mention markup the API reads (README, Notifications): @[Their name](<their User id>).
const MENTION = /@\[([^\]]+)\]\(([^)\s]+)\)/g;
// What the author is typing after an @, up to the caret: the people to suggest.
const TYPING = /@([\p{L}\p{N}._-]{1,40})$/u;

export function renderBody(body: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    parts.push(body.slice(last, match.index));
    parts.push(
      <span className="mention" key={match.index} data-user-id={match[2]}>
        @{match[1]}
      </span>,
    );
    last = match.index! + match[0].length;
  }
  parts.push(body.slice(last));
  return parts;
}

export function Comments({ targetId }: { targetId: string }) {
  const [{ data, error }] = useQuery({ query: CommentsQuery, variables: { targetId } });
  const [comments, setComments] = useState<Map<string, CommentFieldsFragment>>(new Map());
  useEffect(() => {
    if (data) setComments(new Map(data.comments.edges.map((e) => [e.node.id, e.node])));
  }, [data]);
  useSubscription({ query: CommentEventsSubscription, variables: { targetId } }, (_prev, event) => {
    const { kind, recordId, record } = event.commentEvents;
    setComments((current) => {
      const next = new Map(current);
      // recordId is null only on CAUGHT_UP, which is not asked for here (no markCaughtUp).
      if ((kind === "DELETED" || kind === "LEFT_VIEW") && recordId) next.delete(recordId);
      else if (record?.__typename === "Comment") next.set(record.id, record);
      return next;
    });
    return event;
  });
  const sorted = [...comments.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <section className="comments">
      <h3>Comments</h3>
      <ul>
        {sorted.map((comment) => (
          <li key={comment.id} data-testid="comment">
            <strong>{comment.owner?.name ?? "Someone"}</strong> {renderBody(comment.body ?? "")}
          </li>
        ))}
      </ul>
      {visibleErrors(error).map((message) => (
        <p className="error" key={message}>
          {message}
        </p>
      ))}
      <Composer targetId={targetId} />
    </section>
  );
}

function Composer({ targetId }: { targetId: string }) {
  const [body, setBody] = useState("");
  const [caret, setCaret] = useState(0);
  const typing = TYPING.exec(body.slice(0, caret));
  const [{ data }] = useQuery({
    query: UserSearchQuery,
    variables: { search: typing?.[1] ?? "" },
    pause: !typing,
  });
  const [created, create] = useMutation(CommentCreateMutation);
  const mention = (name: string, id: string) => {
    const start = caret - typing![0].length;
    const markup = `@[${name}](${id}) `;
    setBody(body.slice(0, start) + markup + body.slice(caret));
    setCaret(start + markup.length);
  };
  const send = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { targetId, body } });
    if (result.data) setBody("");
  };
  const people = typing ? (data?.users.edges ?? []).map((e) => e.node) : [];
  return (
    <form className="composer" onSubmit={send}>
      <textarea
        placeholder="Comment; @ to mention someone"
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        required
      />
      {people.length > 0 && (
        <ul className="suggestions" role="listbox">
          {people.map((person) => (
            <li key={person.id} role="option" aria-selected={false} onMouseDown={(e) => e.preventDefault()} onClick={() => mention(person.name ?? "", person.id)}>
              {person.name}
            </li>
          ))}
        </ul>
      )}
      <button type="submit">Comment</button>
      {visibleErrors(created.error).map((message) => (
        <p className="error" key={message}>
          {message}
        </p>
      ))}
    </form>
  );
}
