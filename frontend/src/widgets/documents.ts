// Every GraphQL document the widgets send, in one place: the widgets send these exact strings,
// and the widget build writes them into dist/widgets/persisted-documents.json (see
// vite.widgets.config.ts), the manifest of trusted documents keyed by their SHA-256. Changing a
// character of a document changes its hash: the manifest is rebuilt with the widgets.
// graphql() (src/graphql.ts) returns its text unchanged, typed from the schema.

// With its extension: vite.widgets.config.ts loads this file in Node, where imports name files.
import { graphql } from "../graphql.ts";

/** The newest case studies that match (<plaza-latest>). */
export const LATEST = graphql(`query Latest($filter: ContentFilterInput, $first: Int) {
  caseStudies(filter: $filter, first: $first) { edges { node { id title agency { name } } } }
}`);

/** A search and its highlighted snippets (<plaza-search>). */
export const SEARCH = graphql(`query Search($query: String!, $filter: SearchFilterInput, $first: Int) {
  search(query: $query, filter: $filter, first: $first) {
    totalCount edges { node { id kind title snippet { text highlights { start end } } } }
  }
}`);

/** A guideline and its version in force (<plaza-guideline>). */
export const GUIDELINE = graphql(`query Guideline($id: ID!) {
  guideline(id: $id) { id title summary language agency { name } currentVersion { number createdAt bodyHtml } }
}`);

/** The live refresh, over the WebSocket (graphql-transport-ws). */
export const LIVE = graphql(`subscription Live($filter: LiveFilterInput) { contentPublished(filter: $filter) { id kind } }`);

/**
 * What an intranet's server sends with its agency service token to mint a short-lived widget
 * token (not sent by the widgets): listed so that trusted-documents mode lets it through. Send
 * exactly this text (or its hash as a persisted query).
 */
export const ISSUE_WIDGET_TOKEN = graphql(`mutation IssueWidgetToken($minutes: Int!) { issueWidgetToken(minutes: $minutes) { token expiresAt } }`);

/** All of them: what the manifest of trusted documents lists. */
export const DOCUMENTS: readonly string[] = [LATEST, SEARCH, GUIDELINE, LIVE, ISSUE_WIDGET_TOKEN];
