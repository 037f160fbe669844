// Every operation the page sends. GraphQL Code Generator reads these `graphql(...)` calls and
// writes their result and variable types to src/gql/ (`npm run codegen`).
import { graphql } from "./gql";

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      refreshToken
      accessTokenExpiresAt
    }
  }
`);

export const TokenRefreshMutation = graphql(`
  mutation TokenRefresh($refreshToken: String!) {
    tokenRefresh(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      accessTokenExpiresAt
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      id
      name
      email
      role {
        name
      }
    }
  }
`);

// Money fields a role may not read come back null with a FORBIDDEN error at their path: the
// card shows them only when present.
export const DealCardFragment = graphql(`
  fragment DealCard on Deal {
    id
    title
    version
    position
    status
    amount {
      amount
      currency
    }
    cost {
      amount
      currency
    }
    owner {
      id
      name
    }
    stage {
      id
    }
  }
`);

export const BoardQuery = graphql(`
  query Board {
    pipelines {
      id
      name
      stages {
        id
        name
        position
        color
        isWon
        isLost
        deals(first: 200, orderBy: [{ field: POSITION, direction: ASC }]) {
          edges {
            node {
              ...DealCard
            }
          }
        }
      }
    }
  }
`);

export const DealQuery = graphql(`
  query Deal($id: ID!) {
    node(id: $id) {
      __typename
      ... on Deal {
        ...DealCard
        stage {
          id
          name
        }
      }
    }
  }
`);

export const DealMoveMutation = graphql(`
  mutation DealMove($input: DealMoveInput!) {
    dealMove(input: $input) {
      ...DealCard
    }
  }
`);

export const PipelineEventsSubscription = graphql(`
  subscription PipelineEvents($pipelineId: ID!) {
    pipelineEvents(pipelineId: $pipelineId) {
      cursor
      kind
      recordId
      record {
        __typename
        ... on Deal {
          ...DealCard
        }
      }
    }
  }
`);

export const PresenceHeartbeatMutation = graphql(`
  mutation PresenceHeartbeat($resourceId: ID!, $state: PresenceState!) {
    presenceHeartbeat(resourceId: $resourceId, state: $state)
  }
`);

export const PresenceSubscription = graphql(`
  subscription Presence($resourceId: ID!) {
    presence(resourceId: $resourceId) {
      resourceId
      present {
        state
        user {
          id
          name
        }
      }
    }
  }
`);

export const CommentFieldsFragment = graphql(`
  fragment CommentFields on Comment {
    id
    body
    createdAt
    owner {
      id
      name
    }
  }
`);

export const CommentsQuery = graphql(`
  query Comments($targetId: ID!) {
    comments(targetId: $targetId, first: 100) {
      edges {
        node {
          ...CommentFields
        }
      }
    }
  }
`);

export const CommentEventsSubscription = graphql(`
  subscription CommentEvents($targetId: ID!) {
    commentEvents(targetId: $targetId) {
      cursor
      kind
      recordId
      record {
        __typename
        ... on Comment {
          ...CommentFields
        }
      }
    }
  }
`);

export const CommentCreateMutation = graphql(`
  mutation CommentCreate($input: CommentCreateInput!) {
    commentCreate(input: $input) {
      ...CommentFields
    }
  }
`);

export const UserSearchQuery = graphql(`
  query UserSearch($search: String!) {
    users(first: 8, filter: { search: $search }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

// The task filter has no linked record: the panel reads the caller's open tasks and keeps the
// deal's own (enough for an example; a large team would add a filter to the API).
export const TasksQuery = graphql(`
  query Tasks {
    tasks(first: 200, orderBy: [{ field: DUE_AT, direction: ASC }]) {
      edges {
        node {
          id
          title
          status
          dueAt
          version
          assignee {
            id
            name
          }
          linkedRecord {
            id
          }
        }
      }
    }
  }
`);

export const TaskCreateMutation = graphql(`
  mutation TaskCreate($input: TaskCreateInput!) {
    taskCreate(input: $input) {
      id
    }
  }
`);

export const TaskCompleteMutation = graphql(`
  mutation TaskComplete($input: TaskCompleteInput!) {
    taskComplete(input: $input) {
      id
      status
    }
  }
`);

export const DashboardSubscription = graphql(`
  subscription Dashboard($pipelineId: ID) {
    dashboard(pipelineId: $pipelineId) {
      computedAt
      tasksOverdue
      open {
        count
        amounts {
          amount
          currency
        }
      }
      wonThisMonth {
        count
        amounts {
          amount
          currency
        }
      }
      stages {
        stage {
          id
          name
          color
        }
        open {
          count
          amounts {
            amount
            currency
          }
        }
      }
    }
  }
`);
