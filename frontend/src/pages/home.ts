import { gql } from "../api";
import { h, replace } from "../dom";
import { labelLanguage, t } from "../i18n";
import { failure, itemPath, loading, tags, type Taxon } from "./common";

interface HomeData {
  viewer: { signedIn: boolean; member: { name: string } | null };
  caseStudies: {
    edges: { node: { id: string; title: string; summary: string; platforms: Taxon[]; agency: { name: string } | null } }[];
  };
  agencies: { edges: { node: { name: string; loginProviders: { label: string; loginUrl: string }[] } }[] };
}

const QUERY = `query Home($lang: LabelLanguageValue) {
  viewer { signedIn member { name } }
  caseStudies(first: 10) { edges { node { id title summary platforms { code label(language: $lang) } agency { name } } } }
  agencies(first: 100) { edges { node { name loginProviders { label loginUrl } } } }
}`;

export async function home(main: HTMLElement): Promise<void> {
  replace(main, h("h1", { tabindex: "-1" }, t("tagline")), loading());
  try {
    const data = await gql<HomeData>(QUERY, { lang: labelLanguage() });
    const cases = data.caseStudies.edges.map(({ node }) =>
      h(
        "li",
        { class: "card" },
        h("h3", {}, h("a", { href: itemPath("CaseStudy", node.id) }, node.title)),
        node.agency ? h("p", { class: "meta" }, node.agency.name) : null,
        h("p", {}, node.summary),
        tags(t("case.platforms"), node.platforms),
      ),
    );
    const providers = data.agencies.edges.flatMap(({ node }) =>
      node.loginProviders.map((provider) => h("li", {}, h("a", { href: provider.loginUrl }, `${node.name} — ${provider.label}`))),
    );
    replace(
      main,
      h("h1", { tabindex: "-1" }, t("tagline")),
      h("p", { class: "lead" }, t("home.intro")),
      data.viewer.signedIn || providers.length === 0
        ? null
        : h("section", { "aria-labelledby": "login-heading", class: "panel" }, h("h2", { id: "login-heading" }, t("login")), h("p", {}, t("login.choose")), h("ul", {}, providers)),
      h("section", { "aria-labelledby": "latest-heading" }, h("h2", { id: "latest-heading" }, t("home.latest")), h("ul", { class: "cards" }, cases)),
    );
  } catch (error) {
    replace(main, h("h1", { tabindex: "-1" }, t("tagline")), failure(error));
  }
}
