import "./styles.css";
import { gql } from "./api";
import { h, replace } from "./dom";
import { LANGUAGES, initialLanguage, isLanguage, setLanguage, t, language } from "./i18n";
import { ANALYTICS_PATH, readsAnalytics, searchAnalytics } from "./pages/analytics";
import { bookmarks } from "./pages/bookmarks";
import { caseStudy } from "./pages/case";
import { editor } from "./pages/editor";
import { home } from "./pages/home";
import { login } from "./pages/login";
import { notifications, unreadCount } from "./pages/notifications";
import { discussion, discussions } from "./pages/discussions";
import { group, groups } from "./pages/groups";
import { guideline, practice } from "./pages/item";
import { isModerator, moderation } from "./pages/moderation";
import { agencies, agency, profile } from "./pages/people";
import { search } from "./pages/search";
import { guidelineEditor, practiceEditor } from "./pages/writers";
import { navigate, start } from "./router";

const main = document.getElementById("main") as HTMLElement;
const header = document.getElementById("header") as HTMLElement;

function stored(): string | null {
  try {
    return localStorage.getItem("plaza.language");
  } catch {
    return null;
  }
}

async function renderHeader(): Promise<void> {
  const viewer = await gql<{ viewer: { signedIn: boolean; member: { name: string; roles: string[] } | null } }>("{ viewer { signedIn member { name roles } } }").catch(() => null);
  const select = h(
    "select",
    {
      id: "language",
      onchange: (event: Event) => {
        const value = (event.target as HTMLSelectElement).value;
        if (isLanguage(value)) {
          setLanguage(value);
          void renderHeader();
          void route(location.pathname, new URLSearchParams(location.search));
        }
      },
    },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === language(), lang: code }, name)),
  );
  const session = viewer?.viewer.signedIn
    ? h(
        "div",
        { class: "session" },
        h("a", { href: "/casos/nuevo" }, t("editor.new")),
        h("a", { href: "/avisos", class: "badge-link" }, t("notifications"), " ", h("span", { id: "unread", class: "badge", "aria-live": "polite" })),
        isModerator(viewer.viewer.member?.roles) ? h("a", { href: "/moderacion" }, t("nav.moderation")) : null,
        readsAnalytics(viewer.viewer.member?.roles) ? h("a", { href: ANALYTICS_PATH }, t("nav.searchAnalytics")) : null,
        h("span", {}, viewer.viewer.member?.name ?? ""),
        h("button", { type: "button", onclick: () => void logout() }, t("logout")),
      )
    : h("a", { href: `/entrar?volver=${encodeURIComponent(location.pathname)}`, class: "login" }, t("login"));
  replace(
    header,
    h("a", { href: "#main", class: "skip" }, t("skip")),
    h(
      "div",
      { class: "bar" },
      h("a", { href: "/", class: "brand" }, t("brand")),
      h("nav", { "aria-label": t("nav.main") }, h(
          "ul",
          {},
          [
            ["/", t("nav.home")],
            ["/buscar", t("nav.search")],
            ["/debates", t("nav.discussions")],
            ["/grupos", t("nav.groups")],
            ["/organismos", t("nav.agencies")],
          ].map(([href, label]) => h("li", {}, h("a", { href: href! }, label!))),
        )),
      h("div", { class: "tools" }, h("label", { for: "language" }, t("language")), select, session),
    ),
  );
  if (viewer?.viewer.signedIn) void watchNotifications();
}

/** Ends the session here, then at the agency's provider when it offers logout. */
async function logout(): Promise<void> {
  const response = await fetch("/auth/logout", { method: "POST", credentials: "same-origin", headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as { providerLogoutUrl?: string | null };
  location.assign(body.providerLogoutUrl ?? "/");
}

let live: WebSocket | null = null;

/** Keeps the unread badge current: counted once, then live over the notificationAdded subscription. */
async function watchNotifications(): Promise<void> {
  const badge = () => document.getElementById("unread");
  const show = (count: number | null) => {
    const element = badge();
    if (element) element.textContent = count ? `(${count})` : "";
  };
  show(await unreadCount());
  if (live) return;
  document.addEventListener("plaza:unread", () => void unreadCount().then(show));
  const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  live = socket;
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: {} })));
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { type: string };
    if (message.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "feed", type: "subscribe", payload: { query: "subscription { notificationAdded { id } }" } }));
    } else if (message.type === "next") {
      void unreadCount().then(show);
    } else if (message.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    }
  });
  socket.addEventListener("close", () => {
    live = null;
  });
}

async function route(path: string, params: URLSearchParams): Promise<void> {
  document.title = "Plaza";
  if (path === "/casos/nuevo") return editor(main);
  if (path === "/practicas/nueva") return practiceEditor(main);
  if (path === "/guias/nueva") return guidelineEditor(main);
  const editingPractice = path.match(/^\/practicas\/([^/]+)\/editar$/);
  if (editingPractice?.[1]) return practiceEditor(main, decodeURIComponent(editingPractice[1]));
  const editing = path.match(/^\/casos\/([^/]+)\/editar$/);
  if (editing?.[1]) return editor(main, decodeURIComponent(editing[1]));
  const caseMatch = path.match(/^\/casos\/([^/]+)$/);
  if (caseMatch?.[1]) return caseStudy(main, decodeURIComponent(caseMatch[1]));
  if (path === "/debates") return discussions(main);
  if (path === "/grupos") return groups(main);
  if (path === "/organismos") return agencies(main);
  const named = path.match(/^\/(grupos|organismos|personas)\/([^/]+)$/);
  if (named?.[1] && named[2]) {
    const key = decodeURIComponent(named[2]);
    if (named[1] === "grupos") return group(main, key);
    if (named[1] === "organismos") return agency(main, key);
    return profile(main, key);
  }
  const item = path.match(/^\/(practicas|guias|debates)\/([^/]+)$/);
  if (item?.[1] && item[2]) {
    const id = decodeURIComponent(item[2]);
    if (item[1] === "practicas") return practice(main, id);
    if (item[1] === "guias") return guideline(main, id, params);
    return discussion(main, id);
  }
  if (path === "/buscar" || path === "/search") return search(main, params);
  if (path === "/entrar" || path === "/login") return login(main, params);
  if (path === "/avisos") return notifications(main);
  if (path === "/guardados") return bookmarks(main);
  if (path === "/moderacion") return moderation(main);
  if (path === ANALYTICS_PATH) return searchAnalytics(main, params, navigate);
  return home(main);
}

setLanguage(initialLanguage(stored(), navigator.languages));
document.getElementById("footer")!.textContent = t("footer");
void renderHeader();
start(route);
