/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation TokenRefresh($refreshToken: String!) {\n    tokenRefresh(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n": typeof types.TokenRefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role {\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment DealCard on Deal {\n    id\n    title\n    version\n    position\n    status\n    amount {\n      amount\n      currency\n    }\n    cost {\n      amount\n      currency\n    }\n    owner {\n      id\n      name\n    }\n    stage {\n      id\n    }\n  }\n": typeof types.DealCardFragmentDoc,
    "\n  query Board {\n    pipelines {\n      id\n      name\n      stages {\n        id\n        name\n        position\n        color\n        isWon\n        isLost\n        deals(first: 200, orderBy: [{ field: POSITION, direction: ASC }]) {\n          edges {\n            node {\n              ...DealCard\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BoardDocument,
    "\n  query Deal($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Deal {\n        ...DealCard\n        stage {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.DealDocument,
    "\n  mutation DealMove($input: DealMoveInput!) {\n    dealMove(input: $input) {\n      ...DealCard\n    }\n  }\n": typeof types.DealMoveDocument,
    "\n  subscription PipelineEvents($pipelineId: ID!) {\n    pipelineEvents(pipelineId: $pipelineId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Deal {\n          ...DealCard\n        }\n      }\n    }\n  }\n": typeof types.PipelineEventsDocument,
    "\n  mutation PresenceHeartbeat($resourceId: ID!, $state: PresenceState!) {\n    presenceHeartbeat(resourceId: $resourceId, state: $state)\n  }\n": typeof types.PresenceHeartbeatDocument,
    "\n  subscription Presence($resourceId: ID!) {\n    presence(resourceId: $resourceId) {\n      resourceId\n      present {\n        state\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.PresenceDocument,
    "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    owner {\n      id\n      name\n    }\n  }\n": typeof types.CommentFieldsFragmentDoc,
    "\n  query Comments($targetId: ID!) {\n    comments(targetId: $targetId, first: 100) {\n      edges {\n        node {\n          ...CommentFields\n        }\n      }\n    }\n  }\n": typeof types.CommentsDocument,
    "\n  subscription CommentEvents($targetId: ID!) {\n    commentEvents(targetId: $targetId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Comment {\n          ...CommentFields\n        }\n      }\n    }\n  }\n": typeof types.CommentEventsDocument,
    "\n  mutation CommentCreate($input: CommentCreateInput!) {\n    commentCreate(input: $input) {\n      ...CommentFields\n    }\n  }\n": typeof types.CommentCreateDocument,
    "\n  query UserSearch($search: String!) {\n    users(first: 8, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.UserSearchDocument,
    "\n  query Tasks {\n    tasks(first: 200, orderBy: [{ field: DUE_AT, direction: ASC }]) {\n      edges {\n        node {\n          id\n          title\n          status\n          dueAt\n          version\n          assignee {\n            id\n            name\n          }\n          linkedRecord {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.TasksDocument,
    "\n  mutation TaskCreate($input: TaskCreateInput!) {\n    taskCreate(input: $input) {\n      id\n    }\n  }\n": typeof types.TaskCreateDocument,
    "\n  mutation TaskComplete($input: TaskCompleteInput!) {\n    taskComplete(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.TaskCompleteDocument,
    "\n  subscription Dashboard($pipelineId: ID) {\n    dashboard(pipelineId: $pipelineId) {\n      computedAt\n      tasksOverdue\n      open {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      wonThisMonth {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      stages {\n        stage {\n          id\n          name\n          color\n        }\n        open {\n          count\n          amounts {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n": typeof types.DashboardDocument,
};
const documents: Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n": types.LoginDocument,
    "\n  mutation TokenRefresh($refreshToken: String!) {\n    tokenRefresh(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n": types.TokenRefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role {\n        name\n      }\n    }\n  }\n": types.MeDocument,
    "\n  fragment DealCard on Deal {\n    id\n    title\n    version\n    position\n    status\n    amount {\n      amount\n      currency\n    }\n    cost {\n      amount\n      currency\n    }\n    owner {\n      id\n      name\n    }\n    stage {\n      id\n    }\n  }\n": types.DealCardFragmentDoc,
    "\n  query Board {\n    pipelines {\n      id\n      name\n      stages {\n        id\n        name\n        position\n        color\n        isWon\n        isLost\n        deals(first: 200, orderBy: [{ field: POSITION, direction: ASC }]) {\n          edges {\n            node {\n              ...DealCard\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BoardDocument,
    "\n  query Deal($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Deal {\n        ...DealCard\n        stage {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.DealDocument,
    "\n  mutation DealMove($input: DealMoveInput!) {\n    dealMove(input: $input) {\n      ...DealCard\n    }\n  }\n": types.DealMoveDocument,
    "\n  subscription PipelineEvents($pipelineId: ID!) {\n    pipelineEvents(pipelineId: $pipelineId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Deal {\n          ...DealCard\n        }\n      }\n    }\n  }\n": types.PipelineEventsDocument,
    "\n  mutation PresenceHeartbeat($resourceId: ID!, $state: PresenceState!) {\n    presenceHeartbeat(resourceId: $resourceId, state: $state)\n  }\n": types.PresenceHeartbeatDocument,
    "\n  subscription Presence($resourceId: ID!) {\n    presence(resourceId: $resourceId) {\n      resourceId\n      present {\n        state\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.PresenceDocument,
    "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    owner {\n      id\n      name\n    }\n  }\n": types.CommentFieldsFragmentDoc,
    "\n  query Comments($targetId: ID!) {\n    comments(targetId: $targetId, first: 100) {\n      edges {\n        node {\n          ...CommentFields\n        }\n      }\n    }\n  }\n": types.CommentsDocument,
    "\n  subscription CommentEvents($targetId: ID!) {\n    commentEvents(targetId: $targetId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Comment {\n          ...CommentFields\n        }\n      }\n    }\n  }\n": types.CommentEventsDocument,
    "\n  mutation CommentCreate($input: CommentCreateInput!) {\n    commentCreate(input: $input) {\n      ...CommentFields\n    }\n  }\n": types.CommentCreateDocument,
    "\n  query UserSearch($search: String!) {\n    users(first: 8, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.UserSearchDocument,
    "\n  query Tasks {\n    tasks(first: 200, orderBy: [{ field: DUE_AT, direction: ASC }]) {\n      edges {\n        node {\n          id\n          title\n          status\n          dueAt\n          version\n          assignee {\n            id\n            name\n          }\n          linkedRecord {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.TasksDocument,
    "\n  mutation TaskCreate($input: TaskCreateInput!) {\n    taskCreate(input: $input) {\n      id\n    }\n  }\n": types.TaskCreateDocument,
    "\n  mutation TaskComplete($input: TaskCompleteInput!) {\n    taskComplete(input: $input) {\n      id\n      status\n    }\n  }\n": types.TaskCompleteDocument,
    "\n  subscription Dashboard($pipelineId: ID) {\n    dashboard(pipelineId: $pipelineId) {\n      computedAt\n      tasksOverdue\n      open {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      wonThisMonth {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      stages {\n        stage {\n          id\n          name\n          color\n        }\n        open {\n          count\n          amounts {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n": types.DashboardDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TokenRefresh($refreshToken: String!) {\n    tokenRefresh(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation TokenRefresh($refreshToken: String!) {\n    tokenRefresh(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      email\n      role {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      email\n      role {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DealCard on Deal {\n    id\n    title\n    version\n    position\n    status\n    amount {\n      amount\n      currency\n    }\n    cost {\n      amount\n      currency\n    }\n    owner {\n      id\n      name\n    }\n    stage {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment DealCard on Deal {\n    id\n    title\n    version\n    position\n    status\n    amount {\n      amount\n      currency\n    }\n    cost {\n      amount\n      currency\n    }\n    owner {\n      id\n      name\n    }\n    stage {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Board {\n    pipelines {\n      id\n      name\n      stages {\n        id\n        name\n        position\n        color\n        isWon\n        isLost\n        deals(first: 200, orderBy: [{ field: POSITION, direction: ASC }]) {\n          edges {\n            node {\n              ...DealCard\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Board {\n    pipelines {\n      id\n      name\n      stages {\n        id\n        name\n        position\n        color\n        isWon\n        isLost\n        deals(first: 200, orderBy: [{ field: POSITION, direction: ASC }]) {\n          edges {\n            node {\n              ...DealCard\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deal($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Deal {\n        ...DealCard\n        stage {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Deal($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Deal {\n        ...DealCard\n        stage {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DealMove($input: DealMoveInput!) {\n    dealMove(input: $input) {\n      ...DealCard\n    }\n  }\n"): (typeof documents)["\n  mutation DealMove($input: DealMoveInput!) {\n    dealMove(input: $input) {\n      ...DealCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PipelineEvents($pipelineId: ID!) {\n    pipelineEvents(pipelineId: $pipelineId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Deal {\n          ...DealCard\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PipelineEvents($pipelineId: ID!) {\n    pipelineEvents(pipelineId: $pipelineId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Deal {\n          ...DealCard\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PresenceHeartbeat($resourceId: ID!, $state: PresenceState!) {\n    presenceHeartbeat(resourceId: $resourceId, state: $state)\n  }\n"): (typeof documents)["\n  mutation PresenceHeartbeat($resourceId: ID!, $state: PresenceState!) {\n    presenceHeartbeat(resourceId: $resourceId, state: $state)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Presence($resourceId: ID!) {\n    presence(resourceId: $resourceId) {\n      resourceId\n      present {\n        state\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Presence($resourceId: ID!) {\n    presence(resourceId: $resourceId) {\n      resourceId\n      present {\n        state\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    owner {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    owner {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Comments($targetId: ID!) {\n    comments(targetId: $targetId, first: 100) {\n      edges {\n        node {\n          ...CommentFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Comments($targetId: ID!) {\n    comments(targetId: $targetId, first: 100) {\n      edges {\n        node {\n          ...CommentFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CommentEvents($targetId: ID!) {\n    commentEvents(targetId: $targetId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Comment {\n          ...CommentFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CommentEvents($targetId: ID!) {\n    commentEvents(targetId: $targetId) {\n      cursor\n      kind\n      recordId\n      record {\n        __typename\n        ... on Comment {\n          ...CommentFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CommentCreate($input: CommentCreateInput!) {\n    commentCreate(input: $input) {\n      ...CommentFields\n    }\n  }\n"): (typeof documents)["\n  mutation CommentCreate($input: CommentCreateInput!) {\n    commentCreate(input: $input) {\n      ...CommentFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserSearch($search: String!) {\n    users(first: 8, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserSearch($search: String!) {\n    users(first: 8, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tasks {\n    tasks(first: 200, orderBy: [{ field: DUE_AT, direction: ASC }]) {\n      edges {\n        node {\n          id\n          title\n          status\n          dueAt\n          version\n          assignee {\n            id\n            name\n          }\n          linkedRecord {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tasks {\n    tasks(first: 200, orderBy: [{ field: DUE_AT, direction: ASC }]) {\n      edges {\n        node {\n          id\n          title\n          status\n          dueAt\n          version\n          assignee {\n            id\n            name\n          }\n          linkedRecord {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TaskCreate($input: TaskCreateInput!) {\n    taskCreate(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation TaskCreate($input: TaskCreateInput!) {\n    taskCreate(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TaskComplete($input: TaskCompleteInput!) {\n    taskComplete(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation TaskComplete($input: TaskCompleteInput!) {\n    taskComplete(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Dashboard($pipelineId: ID) {\n    dashboard(pipelineId: $pipelineId) {\n      computedAt\n      tasksOverdue\n      open {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      wonThisMonth {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      stages {\n        stage {\n          id\n          name\n          color\n        }\n        open {\n          count\n          amounts {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Dashboard($pipelineId: ID) {\n    dashboard(pipelineId: $pipelineId) {\n      computedAt\n      tasksOverdue\n      open {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      wonThisMonth {\n        count\n        amounts {\n          amount\n          currency\n        }\n      }\n      stages {\n        stage {\n          id\n          name\n          color\n        }\n        open {\n          count\n          amounts {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;