// The GraphQL client: same-origin POST /graphql with the session cookie. The server's error
// messages come in the interface's language (Accept-Language), whatever the browser's.
import type { TypedDocument } from "./graphql";
import { language } from "./i18n";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** An operation's variables and the origin of its Plaza: the variables may be left out when none is required. */
type Arguments<V> = {} extends V ? [variables?: V, base?: string] : [variables: V, base?: string];

/**
 * Runs an operation (see graphql.ts: its text and types come from `graphql(...)`). Failures are
 * ApiErrors: the server's (with its `extensions.code`), `NETWORK` when Plaza could not be
 * reached, `UNAVAILABLE` when it answered without a GraphQL result.
 */
export async function gql<R, V>(query: TypedDocument<R, V>, ...[variables, base = ""]: Arguments<V>): Promise<R> {
  const sent = fetch(`${base}/graphql`, {
    method: "POST",
    credentials: base ? "omit" : "same-origin",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", "accept-language": language() },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  const response = await sent.catch((error: unknown) => {
    throw new ApiError(error instanceof Error ? error.message : String(error), "NETWORK", undefined);
  });
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<R>;
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code, first.extensions?.field);
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, "UNAVAILABLE", undefined);
  return body.data;
}
