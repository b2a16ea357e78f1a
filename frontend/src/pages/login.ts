// "Entrar con mi organismo": every agency with an identity provider, and a work e-mail field
// whose domain picks the agency. The login itself happens at the agency's provider.
import { gql } from "../api";
import { h, replace } from "../dom";
import { t } from "../i18n";
import { failure, loading } from "./common";

interface LoginData {
  agencies: { edges: { node: { name: string; loginProviders: { label: string; loginUrl: string }[] } }[] };
}

export async function login(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, t("login"));
  replace(main, heading, loading());
  const returnTo = params.get("volver") ?? "/";
  try {
    const data = await gql<LoginData>("{ agencies(first: 100) { edges { node { name loginProviders { label loginUrl } } } } }");
    const providers = data.agencies.edges.flatMap(({ node }) =>
      node.loginProviders.map((provider) => {
        const url = new URL(provider.loginUrl, location.origin);
        url.searchParams.set("return_to", returnTo);
        return h("li", {}, h("a", { href: url.pathname + url.search, class: "provider" }, `${node.name} — ${provider.label}`));
      }),
    );
    replace(
      main,
      heading,
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
