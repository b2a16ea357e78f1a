// What a page says when it has nothing to show: to signed-out visitors, what members see and
// how to get in (and how an administration joins Plaza); when something failed, what happened
// and what to do; when an item is not there, why that may be.
import { ApiError } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import type { Key } from "../locales/es";

/** The sign-in page, coming back to `path` afterwards. */
export function signInPath(path: string): string {
  return `/entrar?volver=${encodeURIComponent(path)}`;
}

function signInLink(path: string): HTMLElement {
  return h("a", { href: signInPath(path) }, t("login"));
}

/**
 * A panel for signed-out visitors of a list that members see more of: `what` (a catalogue
 * key) says what they are missing; then how to sign in and how an administration joins.
 */
export function signedOutPanel(what: Key, path: string, id = "signed-out-heading"): HTMLElement {
  return h(
    "section",
    { class: "panel signed-out", "aria-labelledby": id },
    h("h2", { id }, t("signedOut.title")),
    h("p", {}, t(what)),
    h("p", {}, t("signedOut.signIn"), " ", signInLink(path)),
    h("p", { class: "help" }, t("signedOut.join")),
  );
}

/**
 * The body of a page only members have (their saved items, notifications, the editors): what
 * it is for, how to sign in, and how an administration joins.
 */
export function membersOnly(what: Key, path: string): HTMLElement[] {
  return [
    h("p", {}, t(what)),
    h("p", {}, t("signedOut.signIn"), " ", signInLink(path)),
    h("p", { class: "help" }, t("signedOut.join")),
  ];
}

/** A one-line note for signed-out visitors inside a section (comments, replies), with the way in. */
export function signedOutNote(what: Key, path: string): HTMLElement {
  return h("p", { class: "signed-out-note" }, t(what), " ", signInLink(path));
}

/** What happened, in words, and whether signing in is the way out. */
export function problem(error: unknown): { text: string; signIn: boolean } {
  const code = error instanceof ApiError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "NETWORK":
      return { text: t("error.network"), signIn: false };
    case "UNAVAILABLE":
    case "INTERNAL":
      return { text: t("error.unavailable"), signIn: false };
    case "RATE_LIMITED":
      return { text: t("error.rateLimited"), signIn: false };
    case "UNAUTHENTICATED":
      return { text: t("error.unauthenticated"), signIn: true };
    case "FORBIDDEN":
      return { text: t("error.forbidden"), signIn: false };
    case "NOT_FOUND":
      return { text: `${t("notFound")} ${t("notFound.why")}`, signIn: false };
    default:
      // The server's own message (in the interface's language), and what to do next.
      return { text: `${t("error", { message })} ${t("error.retry")}`, signIn: false };
  }
}

/** The problem as one line of text, for status messages beside a button. */
export function problemText(error: unknown): string {
  return problem(error).text;
}

/** The problem as an alert, with a sign-in link when that is the way out. */
export function problemAlert(error: unknown): HTMLElement {
  const { text, signIn } = problem(error);
  return h("p", { role: "alert", class: "error" }, text, signIn ? [" ", signInLink(location.pathname + location.search)] : null);
}

/**
 * The body of a page whose item is not there (or not for this viewer): why that may be, the
 * way in for signed-out visitors, and a search.
 */
export function notFoundBody(signedIn: boolean | null): HTMLElement[] {
  const body = [h("p", {}, t("notFound.why"))];
  if (signedIn === false) body.push(h("p", {}, t("notFound.signIn"), " ", signInLink(location.pathname + location.search)));
  body.push(h("p", {}, h("a", { href: "/buscar" }, t("notFound.search"))));
  return body;
}
