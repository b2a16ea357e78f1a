// Marks the app's GraphQL operations. scripts/gen-types.mjs finds each `graphql(...)` call,
// validates its document against the committed schema and types it (src/generated/operations.ts):
// `gql(document, variables)` then knows what the operation takes and answers.
import type { Documents } from "./generated/operations";

declare const operation: unique symbol;

/**
 * An operation's text, branded with what it answers (R) and takes (V): graphql() makes them (and
 * a cast, where a document is built from a validated one: relatedRequest in assessment-model.ts).
 */
export type TypedDocument<R, V> = string & { readonly [operation]: { result: R; variables: V } };

/** What an operation takes (for a request sent without gql(), as search analytics' beacon). */
export type VariablesOf<D> = D extends TypedDocument<unknown, infer V> ? V : never;

/**
 * An operation, typed. The text must be one that `npm run gen` has seen: a literal, or a
 * template of constants whose types are literal too (`as const` on a constant that is itself a
 * template with substitutions). A text it has not typed does not compile.
 */
export function graphql<T extends keyof Documents>(document: T): Documents[T] {
  return document as unknown as Documents[T];
}
