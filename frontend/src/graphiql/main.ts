// GraphiQL for Plaza's API, bundled (no CDN: it must work on intranets without Internet access)
// and served for browser visits to /graphql. It talks to the same origin only: POST /graphql
// for queries and mutations, a WebSocket on /graphql (graphql-transport-ws) for subscriptions.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { EXAMPLE_TABS } from "./examples";
import { storage } from "./storage";
import "./graphiql.css";

const endpoint = "/graphql";
const socket = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${endpoint}`;

// The headers pane's contents reach subscriptions too, as connection_init's payload.
const fetcher = createGraphiQLFetcher({ url: endpoint, subscriptionUrl: socket });

const root = document.getElementById("graphiql");
if (root) {
  createRoot(root).render(
    createElement(
      GraphiQL,
      {
        fetcher,
        defaultTabs: EXAMPLE_TABS,
        defaultEditorToolsVisibility: true,
        // Tokens typed into the headers pane stay out of localStorage (see storage.ts).
        storage,
        shouldPersistHeaders: false,
        showPersistHeadersSettings: false,
      },
      createElement(GraphiQL.Logo, null, "Plaza · API GraphQL"),
    ),
  );
}
