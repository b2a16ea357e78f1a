// "Entrar con mi organismo": every agency with an identity provider, and a work e-mail field
// whose domain picks the agency. The login itself happens at the agency's provider. In demo mode
// (`plaza serve --demo`) the demo personas come first: one click signs in through Plaza's
// built-in demo provider.
import { gql } from "../api";
import { h, replace } from "../dom";
import { graphql } from "../graphql";
import { language, t } from "../i18n";
import { failure, loading } from "./common";

export interface Persona {
  key: string;
  name: string;
  role: string;
  loginUrl: string;
}

/** The demo personas, when this server runs in demo mode (none otherwise, or on any failure). */
export async function demoPersonas(): Promise<Persona[]> {
  try {
    const response = await fetch("/demo-idp/personas.json", { headers: { "accept-language": language() } });
    if (!response.ok) return [];
    const body = (await response.json()) as { personas?: Persona[] };
    return Array.isArray(body.personas) ? body.personas : [];
  } catch {
    return [];
  }
}

/** The provider id a login URL names (`/auth/login?provider=…`). */
export function providerOf(loginUrl: string): string | null {
  return new URL(loginUrl, "http://plaza.invalid").searchParams.get("provider");
}

function personaSection(personas: Persona[], returnTo: string): HTMLElement {
  const cards = personas.map((persona) => {
    const url = new URL(persona.loginUrl, location.origin);
    url.searchParams.set("return_to", returnTo);
    return h(
      "li",
      { class: "persona card" },
      h("h3", {}, persona.name),
      h("p", { class: "meta" }, persona.role),
      h("a", { href: url.pathname + url.search, class: "button persona-login" }, t("login.demoAs", { name: persona.name })),
    );
  });
  return h(
    "section",
    { class: "demo-personas", "aria-labelledby": "demo-personas-title" },
    h("h2", { id: "demo-personas-title" }, t("login.demoTitle")),
    h("p", {}, t("login.demoIntro")),
    h("ul", { class: "cards" }, cards),
  );
}

const PROVIDERS = graphql(`query LoginProviders { agencies(first: 100) { edges { node { name loginProviders { label loginUrl } } } } }`);

export async function login(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, t("login"));
  replace(main, heading, loading());
  const returnTo = params.get("volver") ?? "/";
  try {
    const [data, personas] = await Promise.all([
      gql(PROVIDERS),
      demoPersonas(),
    ]);
    // The demo providers are offered through their personas, not once more in the list.
    const demoProviders = new Set(personas.map((persona) => providerOf(persona.loginUrl)));
    const providers = data.agencies.edges.flatMap(({ node }) =>
      node.loginProviders.filter((provider) => !demoProviders.has(providerOf(provider.loginUrl))).map((provider) => {
        const url = new URL(provider.loginUrl, location.origin);
        url.searchParams.set("return_to", returnTo);
        return h("li", {}, h("a", { href: url.pathname + url.search, class: "provider" }, `${node.name} — ${provider.label}`));
      }),
    );
    replace(
      main,
      heading,
      personas.length ? personaSection(personas, returnTo) : [],
      providers.length ? [h("p", {}, t("login.choose")), h("ul", { class: "providers" }, providers)] : h("p", { class: "empty" }, t("login.noProviders")),
      h(
        "form",
        {
          method: "get",
          action: "/auth/login",
          class: "email-login",
          // A script navigation: the page's CSP keeps form submissions (and their redirects) on Plaza.
          onsubmit: (event: Event) => {
            event.preventDefault();
            const form = new FormData(event.target as HTMLFormElement);
            location.assign(`/auth/login?${new URLSearchParams({ email: String(form.get("email") ?? ""), return_to: returnTo })}`);
          },
        },
        h("label", { for: "email" }, t("login.email")),
        h("input", { id: "email", name: "email", type: "email", autocomplete: "email", required: true }),
        h("input", { type: "hidden", name: "return_to", value: returnTo }),
        h("button", { type: "submit" }, t("login.go")),
      ),
      h("p", { class: "help" }, t("signedOut.join")),
    );
  } catch (error) {
    replace(main, heading, failure(error));
  }
}
