// "Related" on an item's page: other case studies, practices and guidelines that share its
// platforms, objectives, tags and title words, among those the reader may read (the server
// decides), each with its kind and a link. Loaded after the page; says so when there is none,
// and what went wrong when it cannot load.
import { gql } from "../api";
import { h, replace } from "../dom";
import type { RelatedQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, itemPath, liveSection } from "./common";

type RelatedHit = RelatedQuery["related"][number];

const RELATED = graphql(`query Related($id: ID!) { related(id: $id, first: 5) { id kind title } }`);

/** The list of related items (an empty-state paragraph when there are none). */
export function relatedList(hits: RelatedHit[]): HTMLElement {
  if (hits.length === 0) return h("p", { class: "help" }, t("related.empty"));
  return h(
    "ul",
    { class: "related-list" },
    hits.map((hit) =>
      h("li", {}, h("span", { class: "kind-label" }, t(`related.kind.${hit.kind}` as Key)), " ", h("a", { href: itemPath(hit.kind, hit.id) }, hit.title)),
    ),
  );
}

/** The section, filled once the related items arrive. */
export function relatedSection(id: string): HTMLElement {
  const { section, body } = liveSection("related", "related-heading", t("related.heading"), "related-status");
  void gql(RELATED, { id })
    .then((data) => replace(body, relatedList(data.related)))
    .catch((error: unknown) => replace(body, failure(error)));
  return section;
}
