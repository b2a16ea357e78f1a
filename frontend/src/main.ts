import "./styles.css";
import { gql } from "./api";
import { h, replace } from "./dom";
import { LANGUAGES, initialLanguage, isLanguage, setLanguage, t, language } from "./i18n";
import { caseStudy } from "./pages/case";
import { home } from "./pages/home";
import { discussion, guideline, practice } from "./pages/item";
import { search } from "./pages/search";
import { start } from "./router";

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
  const viewer = await gql<{ viewer: { signedIn: boolean; member: { name: string } | null } }>("{ viewer { signedIn member { name } } }").catch(() => null);
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
        "form",
        { method: "post", action: "/auth/logout", class: "session" },
        h("span", {}, viewer.viewer.member?.name ?? ""),
        h("button", { type: "submit" }, t("logout")),
      )
    : h("a", { href: "/", class: "login" }, t("login"));
  replace(
    header,
    h("a", { href: "#main", class: "skip" }, t("skip")),
    h(
      "div",
      { class: "bar" },
      h("a", { href: "/", class: "brand" }, t("brand")),
      h("nav", { "aria-label": t("nav.main") }, h("ul", {}, h("li", {}, h("a", { href: "/" }, t("nav.home"))), h("li", {}, h("a", { href: "/buscar" }, t("nav.search"))))),
      h("div", { class: "tools" }, h("label", { for: "language" }, t("language")), select, session),
    ),
  );
}

async function route(path: string, params: URLSearchParams): Promise<void> {
  document.title = "Plaza";
  const caseMatch = path.match(/^\/casos\/([^/]+)$/);
  if (caseMatch?.[1]) return caseStudy(main, decodeURIComponent(caseMatch[1]));
  const item = path.match(/^\/(practicas|guias|debates)\/([^/]+)$/);
  if (item?.[1] && item[2]) {
    const id = decodeURIComponent(item[2]);
    if (item[1] === "practicas") return practice(main, id);
    if (item[1] === "guias") return guideline(main, id, params);
    return discussion(main, id);
  }
  if (path === "/buscar" || path === "/search") return search(main, params);
  return home(main);
}

setLanguage(initialLanguage(stored(), navigator.languages));
document.getElementById("footer")!.textContent = t("footer");
void renderHeader();
start(route);
