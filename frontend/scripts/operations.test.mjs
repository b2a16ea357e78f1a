// The operations generator (operations.mjs) on a tiny schema: what it refuses, with the file and
// line of the faulty operation, and the types it writes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSchema } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { OperationError, findOperations, operationTypes, validateOperations } from "./operations.mjs";

const schema = buildSchema(`
  enum Kind { CASE PRACTICE }
  scalar Date
  interface Node { id: ID! }
  type Case implements Node { id: ID! title: String! kind: Kind! on: Date tags: [String!]! }
  type Member implements Node { id: ID! name: String! }
  input Filter { kind: Kind, first: Int = 10 }
  type Query { node(id: ID!): Node cases(filter: Filter): [Case!]! }
`);

const operation = (text, line = 3) => ({ file: "src/pages/x.ts", line, text });
const problems = (...operations) => {
  try {
    validateOperations(schema, operations);
  } catch (error) {
    if (error instanceof OperationError) return error.message;
    throw error;
  }
  return "";
};

describe("validateOperations", () => {
  it("fails on a field the schema does not have, at the operation's line", () => {
    expect(problems(operation("query Cases {\n  cases { id titel }\n}", 10))).toBe(
      'src/pages/x.ts:11: Cannot query field "titel" on type "Case". Did you mean "title"?',
    );
  });

  it("fails on a wrong argument, a syntax error, an unnamed operation and a name used twice", () => {
    expect(problems(operation("query A { node(key: 1) { id } }"))).toContain('Unknown argument "key" on field "Query.node".');
    expect(problems(operation("query A { cases { id }"))).toMatch(/^src\/pages\/x\.ts:3: Syntax Error/);
    expect(problems(operation("{ cases { id } }"))).toBe("src/pages/x.ts:3: the operation has no name (every operation is named, for its types)");
    expect(problems(operation("query A { cases { id } }"), operation("query A { cases { title } }", 9))).toBe(
      "src/pages/x.ts:9: operation A is already defined at src/pages/x.ts:3",
    );
  });

  it("takes valid operations", () => {
    expect(problems(operation("query A($id: ID!) { node(id: $id) { id } }"), operation("query B { cases { id } }"))).toBe("");
  });
});

describe("operationTypes", () => {
  const types = (text) => {
    const operations = [operation(text)];
    validateOperations(schema, operations);
    return operationTypes(schema, operations);
  };
  const squeeze = (text) => text.replace(/\s+/g, " ");

  it("types the answer: aliases, nullability, lists, enums and custom scalars", () => {
    const out = squeeze(types("query A($filter: Filter) { all: cases(filter: $filter) { id kind on tags } }"));
    expect(out).toContain("export type AQuery = { all: Array<{ id: string; kind: S.Kind; on: string | null; tags: string[]; }>; };");
    // Nullable variables, and those with a default, may be left out.
    expect(out).toContain("export type AQueryVariables = { filter?: S.Filter | null; };");
    expect(out).toContain('"query A($filter: Filter) { all: cases(filter: $filter) { id kind on tags } }": TypedDocument<AQuery, AQueryVariables>;');
  });

  it("discriminates by __typename, and marks @include fields optional", () => {
    const out = squeeze(types("query A($id: ID!, $more: Boolean!) { node(id: $id) { __typename ... on Case { title @include(if: $more) } } }"));
    expect(out).toContain('node: { __typename: "Case"; title?: string; } | { __typename: "Member"; } | null;');
    expect(out).toContain("export type AQueryVariables = { id: string; more: boolean; };");
  });

  it("without __typename, lists each shape with the others' fields as undefined", () => {
    const out = squeeze(types("query A($id: ID!) { node(id: $id) { id ... on Member { name } } }"));
    expect(out).toContain("node: { id: string; name: string; } | { id: string; name?: undefined; } | null;");
  });
});

describe("findOperations", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads graphql() calls, with the constants they interpolate, and refuses anything else", () => {
    dir = mkdtempSync(join(tmpdir(), "plaza-operations-"));
    const marker = join(dir, "graphql.ts");
    writeFileSync(marker, "export function graphql(text: string) { return text; }\n");
    writeFileSync(join(dir, "fields.ts"), "export const FIELDS = `id title`;\n");
    const page = join(dir, "page.ts");
    writeFileSync(page, 'import { graphql } from "./graphql";\nimport { FIELDS } from "./fields";\n\nconst A = graphql(`query A { cases { ${FIELDS} } }`);\n');
    expect(findOperations([page], marker, dir)).toEqual([{ file: "page.ts", line: 4, text: "query A { cases { id title } }" }]);
    writeFileSync(page, 'import { graphql } from "./graphql";\nconst A = graphql(`query A { cases { ${fields()} } }`);\n');
    expect(() => findOperations([page], marker, dir)).toThrow("page.ts:2: a GraphQL document must be built from constants only (found `fields()`)");
  });
});
