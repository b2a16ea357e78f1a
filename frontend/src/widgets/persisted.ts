// GraphQL over fetch with Automatic Persisted Queries (Apollo's protocol): a widget first sends
// only its document's SHA-256 (`extensions.persistedQuery`); Plaza runs the document it knows by
// that hash, or answers PersistedQueryNotFound and the widget sends again with the document,
// which Plaza then remembers. The documents are those of documents.ts, whose hashes the build
// lists in dist/widgets/persisted-documents.json (the trusted documents of widget tokens).
// Where Web Crypto is missing (a page served over plain http, other than localhost) the widget
// sends the document as a plain GraphQL request.

import type { TypedDocument } from "../graphql";

/** A GraphQL answer, as far as the widgets read it. */
interface Answer<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/** The hash of each document sent, computed once. */
const hashes = new Map<string, Promise<string | null>>();

/** False once Plaza has said it takes no hashes (PersistedQueryNotSupported): documents only. */
let persisted = true;

/**
 * The SHA-256 of a text's UTF-8 bytes in lowercase hex, as Node's
 * `createHash("sha256").update(text).digest("hex")`; null without Web Crypto (`crypto.subtle`
 * exists in secure contexts only).
 */
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A document's hash, computed the first time it is sent (null without Web Crypto). */
export function documentHash(query: string): Promise<string | null> {
  let hash = hashes.get(query);
  if (!hash) {
    hash = sha256Hex(query).catch(() => null);
    hashes.set(query, hash);
  }
  return hash;
}

/** Whether an answer has an error with this code (`extensions.code`) or message. */
function refused(answer: Answer<unknown>, code: string, message: string): boolean {
  const errors = answer?.errors;
  return Array.isArray(errors) && errors.some((error) => error?.extensions?.code === code || error?.message === message);
}

/**
 * Runs a GraphQL document on `url` with the bearer `token` (if any) and never with cookies:
 * by its hash first, with the document when Plaza does not know the hash. The data, or an error
 * when Plaza answered with none.
 */
export async function graphql<R, V>(url: string, token: string | null, query: TypedDocument<R, V>, variables: V): Promise<R> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(url, { method: "POST", credentials: "omit", headers, body: JSON.stringify(body) });
    return { response, answer: (await response.json()) as Answer<R> };
  };
  const sha256Hash = persisted ? await documentHash(query) : null;
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  let reply = sha256Hash ? await post({ variables, extensions }) : null;
  if (reply && refused(reply.answer, "PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported")) {
    persisted = false;
    reply = null;
  }
  if (!reply) reply = await post({ query, variables });
  else if (refused(reply.answer, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")) reply = await post({ query, variables, extensions });
  const { response, answer } = reply;
  if (!response.ok || !answer?.data) throw new Error(`Plaza answered ${response.status}`);
  return answer.data;
}
