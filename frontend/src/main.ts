import { forgetAllDrafts } from "./pages/autosave";
import "./fonts.css";
import "./styles.css";
import { gql } from "./api";
import { glyph, icon } from "./brand";
import { h, replace } from "./dom";
import { graphql } from "./graphql";
import { LANGUAGES, LANGUAGE_CHANGED, initialLanguage, isLanguage, setLanguage, storedLanguage, switchLanguage, t, language } from "./i18n";
import { ANALYTICS_PATH, readsAnalytics, searchAnalytics } from "./pages/analytics";
import { ASSESSMENT_PATH, assessment } from "./pages/assessment";
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
import { PLATFORMS_PATH, platform, platformCodeOf, platforms } from "./pages/platforms";
import { agencies } from "./pages/agencies";
import { directory } from "./pages/directory";
import { AGENCIES_PATH, DIRECTORY_PATH } from "./pages/directory-model";
import { LEGAL_PAGES, legalSlugOf } from "./pages/legal-model";
import { agency, profile } from "./pages/people";
import { VIEWER_CHANGED } from "./pages/profile-form";
import { openData } from "./pages/opendata";
import { failure } from "./pages/common";
import { WEBHOOKS_PATH, managesWebhooks, webhooks } from "./pages/webhooks";
import { search } from "./pages/search";
import { WHAT_WORKS_PATH, whatWorks } from "./pages/whatworks";
import { guidelineEditor, practiceEditor } from "./pages/writers";
import { navigate, start } from "./router";

const HEADER = graphql(`query Header { viewer { signedIn member { id name roles profile { interfaceLanguage } } } }`);

const main = document.getElementById("main") as HTMLElement;
const header = document.getElementById("header") as HTMLElement;

/** Re-draws the page shown, as it is in the address. */
function redraw(): Promise<void> {
  return route(location.pathname, new URLSearchParams(location.search));
}

async function renderHeader(): Promise<void> {
  const viewer = await gql(HEADER).catch(() => null);
  // A member's interface language (their profile's) applies where this browser was told none.
  const preferred = viewer?.viewer.member?.profile?.interfaceLanguage;
  if (isLanguage(preferred) && preferred !== language() && !isLanguage(storedLanguage())) {
    const before = language();
    // Its catalogue loaded first: the frame and the page are drawn in it (or stay in Spanish).
    if ((await setLanguage(preferred, false)) !== before) {
      renderFooter();
      void redraw();
    }
  }
  const select = h(
    "select",
    {
      id: "language",
      onchange: (event: Event) => {
        const value = (event.target as HTMLSelectElement).value;
        // Once the language's catalogue is loaded (Spanish if it failed), the frame follows
        // (LANGUAGE_CHANGED) and the page shown is drawn again in it.
        if (isLanguage(value)) void switchLanguage(value).then(() => redraw());
      },
    },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === language(), lang: code }, name)),
  );
  const signedIn = Boolean(viewer?.viewer.signedIn);
  const roles = viewer?.viewer.member?.roles;
  // Beside the brand, always in view: the notifications (members) or the way in (visitors).
  const notice = signedIn
    ? h(
        "a",
        { href: "/avisos", class: "notices-link" },
        icon("bell"),
        h("span", { class: "notices-label" }, t("notifications")),
        " ",
        h("span", { id: "unread", class: "badge", "aria-live": "polite" }),
      )
    : h(
        "a",
        { href: `/entrar?volver=${encodeURIComponent(location.pathname)}`, class: "login" },
        // Narrow screens show "Entrar"; the link's name stays the whole "Entrar con mi organismo".
        h("span", { class: "login-short", "aria-hidden": "true" }, t("login.short")),
        h("span", { class: "login-long" }, t("login")),
      );
  const links: [string, string][] = [
    ["/", t("nav.home")],
    ["/buscar", t("nav.search")],
    ["/debates", t("nav.discussions")],
    ["/grupos", t("nav.groups")],
    [DIRECTORY_PATH, t("nav.people")],
    [AGENCIES_PATH, t("nav.agencies")],
    [PLATFORMS_PATH, t("nav.platforms")],
    [WHAT_WORKS_PATH, t("nav.whatWorks")],
  ];
  if (isModerator(roles)) links.push(["/moderacion", t("nav.moderation")]);
  if (readsAnalytics(roles)) links.push([ANALYTICS_PATH, t("nav.searchAnalytics")]);
  const toggle = h(
    "button",
    { type: "button", class: "menu-toggle", "aria-expanded": "false", "aria-controls": "site-menu" },
    icon("menu"),
    h("span", {}, t("nav.menu")),
  );
  const menu = h(
    "div",
    { id: "site-menu", class: "menu" },
    h(
      "div",
      { class: "tools" },
      h("label", { for: "language", class: "language-label" }, icon("globe"), h("span", { class: "visually-hidden" }, t("language"))),
      select,
      // Who is signed in, linking to their profile (where they edit it).
      signedIn && viewer?.viewer.member
        ? h(
            "a",
            { href: `${DIRECTORY_PATH}/${encodeURIComponent(viewer.viewer.member.id)}`, class: "who" },
            viewer.viewer.member.name,
            h("span", { class: "visually-hidden" }, ` · ${t("nav.myProfile")}`),
          )
        : signedIn
          ? h("span", { class: "who" }, "")
          : null,
      // The agency's settings, beside who is signed in: its administrators' webhooks.
      signedIn && managesWebhooks(roles) ? h("a", { href: WEBHOOKS_PATH, class: "settings-link" }, t("nav.webhooks")) : null,
      signedIn ? h("button", { type: "button", class: "secondary on-dark", onclick: () => void logout() }, t("logout")) : null,
    ),
    h(
      "nav",
      { "aria-label": t("nav.main"), class: "primary-nav" },
      h(
        "ul",
        {},
        links.map(([href, label]) => h("li", {}, h("a", { href }, label))),
        signedIn ? h("li", { class: "nav-cta" }, h("a", { href: "/casos/nuevo", class: "button" }, t("editor.new"))) : null,
      ),
    ),
  );
  toggle.addEventListener("click", () => setMenu(toggle.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setMenu(false);
      toggle.focus();
    }
  });
  replace(
    header,
    h("a", { href: "#main", class: "skip" }, t("skip")),
    h(
      "div",
      { class: "bar" },
      h("a", { href: "/", class: "brand" }, glyph(), h("span", { class: "wordmark" }, t("brand"))),
      notice,
      toggle,
      menu,
    ),
  );
  markCurrent(location.pathname);
  if (viewer?.viewer.signedIn) void watchNotifications();
}

/** Opens or closes the header's menu (a disclosure on narrow screens; always open on wide ones). */
function setMenu(open: boolean): void {
  document.querySelector(".menu-toggle")?.setAttribute("aria-expanded", String(open));
  document.getElementById("site-menu")?.classList.toggle("open", open);
}

/** Marks the navigation link of the page shown (aria-current) and closes the narrow menu. */
function markCurrent(path: string): void {
  for (const link of header.querySelectorAll<HTMLAnchorElement>(".primary-nav a:not(.button), .tools a.settings-link")) {
    const href = link.getAttribute("href") ?? "";
    const current = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  setMenu(false);
}

/** Ends the session here, then at the agency's provider when it offers logout. */
async function logout(): Promise<void> {
  forgetAllDrafts();
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
    // "(3)" to assistive technology and in the page's text; a round badge with "3" on screen.
    if (element) replace(element, ...(count ? [h("span", { class: "visually-hidden" }, "("), String(count), h("span", { class: "visually-hidden" }, ")")] : []));
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

/**
 * Shows a route in a container of its own: a page still loading when the reader moves on (a slow
 * home page, say) then fills its detached container, never the page that replaced it.
 */
let routes = 0;

async function route(path: string, params: URLSearchParams): Promise<void> {
  const view = document.createElement("div");
  view.className = "view";
  const current = ++routes;
  if (main.dataset.ssr) {
    // The server sent this public page with its content: it stays in view (no flash of a
    // loader) until the app's own view is ready, unless the reader has moved on by then.
    delete main.dataset.ssr;
    await page(view, path, params);
    if (current === routes) main.replaceChildren(view);
    return;
  }
  main.replaceChildren(view);
  return page(view, path, params);
}

async function page(main: HTMLElement, path: string, params: URLSearchParams): Promise<void> {
  document.title = "Plaza";
  markCurrent(path);
  if (path === "/casos/nuevo") return editor(main);
  if (path === "/practicas/nueva") return practiceEditor(main);
  if (path === "/guias/nueva") return guidelineEditor(main);
  const editingGuideline = path.match(/^\/guias\/([^/]+)\/editar$/);
  if (editingGuideline?.[1]) return guidelineEditor(main, decodeURIComponent(editingGuideline[1]));
  const editingPractice = path.match(/^\/practicas\/([^/]+)\/editar$/);
  if (editingPractice?.[1]) return practiceEditor(main, decodeURIComponent(editingPractice[1]));
  const editing = path.match(/^\/casos\/([^/]+)\/editar$/);
  if (editing?.[1]) return editor(main, decodeURIComponent(editing[1]));
  const caseMatch = path.match(/^\/casos\/([^/]+)$/);
  if (caseMatch?.[1]) return caseStudy(main, decodeURIComponent(caseMatch[1]));
  if (path === "/debates") return discussions(main);
  if (path === "/grupos") return groups(main);
  if (path === AGENCIES_PATH) return agencies(main, params, navigate);
  if (path === DIRECTORY_PATH) return directory(main, params, navigate);
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
  if (path === "/datos") return openData(main);
  if (path === "/guardados") return bookmarks(main);
  const legal = legalSlugOf(path);
  // The legal pages (and their editor) load when opened: few readers open them.
  if (legal) return import("./pages/legal").then((module) => module.legalPage(main, legal)).catch((error: unknown) => replace(main, failure(error)));
  if (path === "/moderacion") return moderation(main);
  if (path === ANALYTICS_PATH) return searchAnalytics(main, params, navigate);
  if (path === WEBHOOKS_PATH) return webhooks(main);
  if (path === ASSESSMENT_PATH) return assessment(main, params);
  if (path === WHAT_WORKS_PATH) return whatWorks(main, params, navigate);
  if (path === PLATFORMS_PATH) return platforms(main, params, navigate);
  const platformCode = platformCodeOf(path);
  if (platformCode) return platform(main, platformCode, params, navigate);
  return home(main);
}

/** The footer: the licence note, the way to the open data and the legal pages. */
function renderFooter(): void {
  replace(
    document.getElementById("footer")!,
    h("p", {}, t("footer"), " · ", h("a", { href: "/datos" }, t("nav.openData"))),
    h("nav", { "aria-label": t("legal.nav") }, h("ul", { class: "footer-links" }, LEGAL_PAGES.map((page) => h("li", {}, h("a", { href: `/${page.slug}` }, t(page.title)))))),
  );
}

// The stored choice, else the browser's language (not stored: a member's profile may choose).
// Its catalogue is awaited before anything is drawn, so no Spanish flashes for other readers.
await setLanguage(initialLanguage(storedLanguage(), navigator.languages), false);
renderFooter();
void renderHeader();
// A page switched the language (a member saved their interface language): the frame follows;
// a member renamed themself: the header follows.
document.addEventListener(LANGUAGE_CHANGED, () => {
  renderFooter();
  void renderHeader();
});
document.addEventListener(VIEWER_CHANGED, () => void renderHeader());
start(route);
