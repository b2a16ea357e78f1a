// The app's GraphQL operations, typed from the committed schema: each `graphql(`...`)` call in
// src/ (the marker of src/graphql.ts) is read with the TypeScript parser, its text evaluated
// (string constants it interpolates included), validated against the schema with graphql-js,
// and given a result type and a variables type keyed by its exact text, so that `gql(document)`
// knows both. Used by gen-types.mjs; exported piecemeal for its tests.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  Kind,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  typeFromAST,
  validate,
} from "graphql";
import ts from "typescript";

const SCALARS = { ID: "string", String: "string", Boolean: "boolean", Int: "number", Float: "number" };

/** A problem in an operation, located in the source file that holds it. */
export class OperationError extends Error {}

/** Every .ts file under `dir`, sorted, without the generated ones. */
export function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "node_modules") found.push(...sourceFiles(path));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(path);
  }
  return found.sort();
}

/**
 * The operations in these files: `{ file, line, text }` for each call of the `graphql` marker
 * imported from `marker` (the path of src/graphql.ts). `base` makes the reported paths relative.
 */
export function findOperations(files, marker, base = process.cwd()) {
  const parsed = new Map();
  const source = (path) => {
    if (!parsed.has(path)) parsed.set(path, ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true));
    return parsed.get(path);
  };
  const where = (node) => {
    const file = node.getSourceFile();
    return `${relative(base, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const moduleFile = (from, specifier) => {
    if (!specifier.startsWith(".")) return null;
    const path = resolve(dirname(from), specifier);
    return path.endsWith(".ts") ? path : `${path}.ts`;
  };

  // A constant's value: the text of a string, a template (whose substitutions are constants
  // too, in this file or imported from another) or a number.
  const evaluate = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return String(Number(node.text));
    if (ts.isTemplateExpression(node)) {
      return node.head.text + node.templateSpans.map((span) => evaluate(span.expression) + span.literal.text).join("");
    }
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return evaluate(node.expression);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return evaluate(node.left) + evaluate(node.right);
    if (ts.isIdentifier(node)) return evaluate(constant(node.getSourceFile(), node.text, node));
    throw new OperationError(`${where(node)}: a GraphQL document must be built from constants only (found \`${node.getText()}\`)`);
  };
  // The initializer of the top-level `const name`, declared in `file` or imported into it.
  const constant = (file, name, at) => {
    for (const statement of file.statements) {
      if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
        const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (declaration?.initializer) return declaration.initializer;
      }
      if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) {
        const binding = statement.importClause.namedBindings.elements.find((e) => e.name.text === name);
        const path = binding && moduleFile(file.fileName, statement.moduleSpecifier.text);
        if (path) return constant(source(path), (binding.propertyName ?? binding.name).text, at);
      }
    }
    throw new OperationError(`${where(at)}: \`${name}\` is not a constant of ${relative(base, file.fileName)}`);
  };

  const operations = [];
  for (const path of files) {
    const file = source(path);
    // The local name of the marker, when this file imports it.
    let name = null;
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || moduleFile(path, statement.moduleSpecifier.text) !== marker) continue;
      const bindings = statement.importClause?.namedBindings;
      const binding = bindings && ts.isNamedImports(bindings) ? bindings.elements.find((e) => (e.propertyName ?? e.name).text === "graphql") : null;
      if (binding) name = binding.name.text;
    }
    if (!name) continue;
    const visit = (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
        if (node.arguments.length !== 1) throw new OperationError(`${where(node)}: graphql() takes one document`);
        const [argument] = node.arguments;
        const [file, line] = where(argument).split(":");
        operations.push({ file, line: Number(line), text: evaluate(argument) });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return operations;
}

/**
 * Parses and validates each operation against the schema: one named operation per document
 * (and the fragments it uses), names unique. Throws an OperationError listing every problem as
 * `file:line: message`.
 */
export function validateOperations(schema, operations) {
  const problems = [];
  const names = new Map();
  for (const operation of operations) {
    const at = (location) => `${operation.file}:${operation.line + (location ? location.line - 1 : 0)}`;
    let document;
    try {
      document = parse(operation.text);
    } catch (error) {
      problems.push(`${at(error.locations?.[0])}: ${error.message}`);
      continue;
    }
    for (const error of validate(schema, document)) problems.push(`${at(error.locations?.[0])}: ${error.message}`);
    const definitions = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (definitions.length !== 1) {
      problems.push(`${at()}: a document holds one operation (found ${definitions.length})`);
      continue;
    }
    const name = definitions[0].name?.value;
    if (!name) {
      problems.push(`${at()}: the operation has no name (every operation is named, for its types)`);
      continue;
    }
    if (names.has(name)) problems.push(`${at()}: operation ${name} is already defined at ${names.get(name)}`);
    else names.set(name, at());
    operation.document = document;
    operation.definition = definitions[0];
    operation.name = name;
  }
  if (problems.length) throw new OperationError(problems.join("\n"));
}

/** Whether a selection is conditional (`@include`, `@skip`): its fields may be absent. */
const conditional = (selection) => (selection.directives ?? []).some((d) => d.name.value === "include" || d.name.value === "skip");

/** The TypeScript of a schema type: non-null or `| null`, lists, leaves, and `object` for the rest. */
function wrap(type, object) {
  if (isNonNullType(type)) return bare(type.ofType, object);
  return `${bare(type, object)} | null`;
}

function bare(type, object) {
  if (isNonNullType(type)) return bare(type.ofType, object);
  if (isListType(type)) {
    const inner = wrap(type.ofType, object);
    return /[|{]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
  }
  if (isScalarType(type)) return SCALARS[type.name] ?? "string";
  if (isEnumType(type) || isInputObjectType(type)) return `S.${type.name}`;
  return object(type);
}

const indent = (text) => text.replace(/\n/g, "\n  ");

/** An object type's lines, as `{ key: type; ... }`. */
function objectType(fields) {
  if (fields.length === 0) return "{}";
  return `{\n${fields.map(({ key, optional, type }) => `  ${key}${optional ? "?" : ""}: ${indent(type)};`).join("\n")}\n}`;
}

/**
 * The TypeScript of what a selection set on `parent` answers. On an interface or a union, the
 * answer is one shape per possible type (types with the same fields share one): a union
 * discriminated by `__typename` when the selection asks for it; else each shape also lists the
 * others' fields as `?: undefined`, so that reading one is allowed and testing it narrows.
 */
function selectionType(schema, parent, selectionSet, fragments) {
  const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
  const shapes = concrete.map((type) => {
    const fields = new Map();
    collect(schema, type, selectionSet, fragments, fields, false);
    return [...fields].map(([key, field]) => ({ key, name: field.name, optional: field.optional, type: fieldType(schema, type, field, fragments) }));
  });
  if (shapes.length === 1) return objectType(shapes[0]);
  const isTypename = (field) => field.name === "__typename" && !field.optional;
  if (shapes.every((fields) => fields.some(isTypename))) {
    // Types with the same other fields share one member of the union.
    const members = new Map();
    for (const fields of shapes) {
      const rest = objectType(fields.filter((field) => !isTypename(field)));
      const member = members.get(rest) ?? { names: [], fields };
      member.names.push(fields.find(isTypename).type);
      members.set(rest, member);
    }
    return [...members.values()]
      .map(({ names, fields }) => objectType(fields.map((field) => (isTypename(field) ? { ...field, type: names.join(" | ") } : field))))
      .join(" | ");
  }
  // The fullest shape first: it reads best.
  const distinct = [...new Map(shapes.map((fields) => [objectType(fields), fields])).values()].sort((a, b) => b.length - a.length);
  if (distinct.length === 1) return objectType(distinct[0]);
  const keys = [...new Set(distinct.flatMap((fields) => fields.map((field) => field.key)))];
  return distinct
    .map((fields) => {
      const absent = keys.filter((key) => !fields.some((field) => field.key === key));
      return objectType([...fields, ...absent.map((key) => ({ key, optional: true, type: "undefined" }))]);
    })
    .join(" | ");
}

/** Gathers the fields a selection set asks of the concrete `type`, by response key. */
function collect(schema, type, selectionSet, fragments, fields, optional) {
  for (const selection of selectionSet.selections) {
    const maybe = optional || conditional(selection);
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const field = fields.get(key);
      if (field) {
        field.optional &&= maybe;
        field.nodes.push(selection);
      } else fields.set(key, { name: selection.name.value, optional: maybe, nodes: [selection] });
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    const condition = fragment.typeCondition && schema.getType(fragment.typeCondition.name.value);
    if (!condition || condition === type || (isAbstractType(condition) && schema.isSubType(condition, type))) {
      collect(schema, type, fragment.selectionSet, fragments, fields, maybe);
    }
  }
}

function fieldType(schema, type, field, fragments) {
  if (field.name === "__typename") return JSON.stringify(type.name);
  const definition = type.getFields()[field.name];
  const selections = field.nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  return wrap(definition.type, (named) => {
    if (isLeafType(named)) throw new Error(`unexpected leaf ${named.name}`);
    return selectionType(schema, named, { kind: Kind.SELECTION_SET, selections }, fragments);
  });
}

/** The variables of an operation: nullable ones, and those with a default, may be left out. */
function variablesType(schema, definition) {
  const variables = definition.variableDefinitions ?? [];
  if (variables.length === 0) return "Record<string, never>";
  return objectType(
    variables.map((variable) => {
      const type = typeFromAST(schema, variable.type);
      const optional = !isNonNullType(type) || Boolean(variable.defaultValue);
      return { key: variable.variable.name.value, optional, type: wrap(type, () => "never") };
    }),
  );
}

const KINDS = { query: "Query", mutation: "Mutation", subscription: "Subscription" };

/** The TypeScript module of the validated operations' types (src/generated/operations.ts). */
export function operationTypes(schema, operations) {
  let out = "// Generated by scripts/gen-types.mjs from the operations in src/ (`graphql(...)`) and\n";
  out += "// schema/graphql/schema.graphql: do not edit. Run `npm run gen` after changing either.\n\n";
  out += 'import type { TypedDocument } from "../graphql";\n';
  out += 'import type * as S from "./schema";\n\n';
  const entries = [];
  for (const operation of [...operations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const { definition, document } = operation;
    const fragments = new Map(
      document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const root = schema.getRootType(definition.operation);
    const result = `${operation.name}${KINDS[definition.operation]}`;
    // The file, not the line: moving an operation within its file leaves this file as it is.
    out += `/** ${operation.name} (${operation.file}): what it answers. */\n`;
    out += `export type ${result} = ${selectionType(schema, root, definition.selectionSet, fragments)};\n\n`;
    out += `/** ${operation.name}: its variables. */\n`;
    out += `export type ${result}Variables = ${variablesType(schema, definition)};\n\n`;
    entries.push(`  ${JSON.stringify(operation.text)}: TypedDocument<${result}, ${result}Variables>;`);
  }
  out += "/** Every operation's exact text, and its types (what `graphql(...)` returns for it). */\n";
  out += `export interface Documents {\n${entries.join("\n")}\n}\n`;
  return out;
}

/** Finds, validates and types the operations of these files: operations.ts's text. */
export function generateOperations(schema, files, marker, base) {
  const operations = findOperations(files, marker, base);
  validateOperations(schema, operations);
  return { text: operationTypes(schema, operations), count: operations.length };
}
