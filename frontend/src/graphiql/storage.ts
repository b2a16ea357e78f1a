// GraphiQL's storage: localStorage (its "graphiql:" keys only, as GraphiQL's own default), minus
// every request's headers. GraphiQL 4 leaves the headers pane out of its saved tabs when asked
// (shouldPersistHeaders: false) but still writes them, Authorization included, into the
// history it keeps in localStorage: a token typed here must not outlive the page, on an origin
// that also serves the app.
import type { Storage } from "@graphiql/toolkit";

const NAMESPACE = "graphiql:";

const ownKeys = () => Object.keys(localStorage).filter((key) => key.startsWith(NAMESPACE));

/** `value` without any "headers" member, at any depth, if it is JSON; otherwise unchanged. */
export function withoutHeaders(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value, (key, member: unknown) => (key === "headers" ? undefined : member)));
  } catch {
    return value;
  }
}

export const storage: Storage = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => {
    if (key === `${NAMESPACE}headers`) localStorage.removeItem(key);
    else localStorage.setItem(key, withoutHeaders(value));
  },
  removeItem: (key) => localStorage.removeItem(key),
  clear: () => {
    for (const key of ownKeys()) localStorage.removeItem(key);
  },
  get length() {
    return ownKeys().length;
  },
};
