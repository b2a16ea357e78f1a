// The GraphQL client: same-origin POST /graphql with the session cookie.

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

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, base = ""): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    credentials: base ? "omit" : "same-origin",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code, first.extensions?.field);
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, undefined, undefined);
  return body.data;
}
