// The example operations GraphiQL opens with, one tab each (only on a first visit: afterwards
// GraphiQL restores the visitor's own tabs from localStorage). Field names follow
// schema/graphql/schema.graphql (graphql() has `npm run gen` validate them against it); the
// e2e check (e2e/graphiql.mjs) runs the first one.

import { graphql } from "../graphql";

export interface ExampleTab {
  query: string;
  variables?: string;
  headers?: string;
}

const search = graphql(`# Busca en casos, prácticas y guías.
# Sin token, solo lo público.
# Ejecútala con ▶ o Ctrl+Intro.
# Esquema: el libro de la izquierda (Docs).
query Buscar {
  search(query: "whatsapp ayuntamiento", first: 3) {
    totalCount
    edges {
      node {
        title
        snippet {
          html
        }
      }
    }
  }
}
`);

const caseStudies = graphql(`# Casos de estudio recientes, con su
# organismo y sus métricas.
query CasosDeEstudio {
  caseStudies(first: 5) {
    totalCount
    nodes {
      title
      summary
      agency {
        name
        level {
          label
        }
      }
      metrics {
        metric
        unit
        baseline
        actual
        relativeChange
        periodStart
        periodEnd
        evidenceLevel {
          label
        }
      }
    }
  }
}
`);

const createPractice = graphql(`# Crea una práctica en borrador en tu organismo.
# Necesita un token de escritura: ponlo en
# «Headers», abajo, en lugar de plz_TU_TOKEN:
#   { "Authorization": "Bearer plz_…" }
# Este navegador no guarda las cabeceras.
mutation CrearPractica($input: CreatePracticeInput!) {
  createPractice(input: $input) {
    practice {
      id
      title
      status
      language
      agency {
        name
      }
    }
  }
}
`);

const createPracticeVariables = `{
  "input": {
    "title": "Responder por WhatsApp en menos de 24 horas",
    "summary": "Un turno diario revisa los mensajes pendientes y deriva cada consulta a su servicio.",
    "body": "1. Publica el horario de respuesta.\\n2. Usa respuestas guardadas para las consultas frecuentes.",
    "objectives": ["citizen_service"],
    "platforms": ["whatsapp"],
    "tags": ["atención", "mensajería"]
  }
}
`;

const createPracticeHeaders = `{
  "Authorization": "Bearer plz_TU_TOKEN"
}
`;

const published = graphql(`# Suscripción por WebSocket: avisa de cada
# caso, práctica o guía que se publica.
# Déjala en marcha y publica algo.
subscription Publicaciones {
  contentPublished {
    id
    kind
    title
  }
}
`);

export const EXAMPLE_TABS: ExampleTab[] = [
  { query: search },
  { query: caseStudies },
  { query: createPractice, variables: createPracticeVariables, headers: createPracticeHeaders },
  { query: published },
];
