// Message formatting shared by the app and the widgets: `{name}` placeholders and ICU-style
// plural selection, `{count, plural, =0 {…} one {# result} other {# results}}`, by the
// language's CLDR rules (Intl.PluralRules). `#` is the count, written the language's way.
// A subset of ICU MessageFormat: no `select`, no offsets, and apostrophes are plain text
// (Catalan needs them: «d'estudi»).

type Values = Record<string, string | number>;

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

/** The CLDR plural category of `count` in `locale` ("one", "other", "many"…). */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return rule.select(count);
}

/** A number as `locale` writes it ("1.234" in Spanish, "1,234" in English). */
export function formatNumber(value: number, locale: string): string {
  let format = numbers.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numbers.set(locale, format);
  }
  return format.format(value);
}

/** The index just past the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The branches of a plural argument (`=0 {…} one {…} other {…}`) by selector. */
function branches(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const selector = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;
  let at = 0;
  while (at < text.length) {
    selector.lastIndex = at;
    const match = selector.exec(text);
    if (!match?.[1]) break;
    const open = selector.lastIndex - 1;
    const end = closing(text, open);
    if (end < 0) break;
    found.set(match[1], text.slice(open + 1, end - 1));
    at = end;
  }
  return found;
}

/** The branch of a plural argument for `count`: the exact `=n` first, then its category, then `other`. */
export function pluralBranch(options: Map<string, string>, count: number, locale: string): string {
  return options.get(`=${count}`) ?? options.get(pluralCategory(count, locale)) ?? options.get("other") ?? "";
}

function render(template: string, values: Values, locale: string, hash: string | null): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const char = template[i]!;
    if (char === "#" && hash !== null) {
      out += hash;
      i += 1;
      continue;
    }
    if (char !== "{") {
      out += char;
      i += 1;
      continue;
    }
    const end = closing(template, i);
    if (end < 0) {
      out += template.slice(i);
      break;
    }
    const inside = template.slice(i + 1, end - 1);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inside);
    if (plural?.[1]) {
      const raw = values[plural[1]];
      const count = typeof raw === "number" ? raw : Number(raw);
      if (raw === undefined || Number.isNaN(count)) {
        out += template.slice(i, end);
      } else {
        const branch = pluralBranch(branches(inside.slice(plural[0].length)), count, locale);
        out += render(branch, values, locale, formatNumber(count, locale));
      }
    } else {
      const name = inside.trim();
      const value = values[name];
      out += value === undefined ? `{${inside}}` : typeof value === "number" ? formatNumber(value, locale) : value;
    }
    i = end;
  }
  return out;
}

/** `template` with its placeholders filled and its plurals chosen for `locale`. */
export function formatMessage(template: string, values: Values = {}, locale = "es"): string {
  return render(template, values, locale, null);
}

function collect(template: string, names: Set<string>): void {
  for (let i = template.indexOf("{"); i >= 0; i = template.indexOf("{", i)) {
    const end = closing(template, i);
    if (end < 0) return;
    const inside = template.slice(i + 1, end - 1);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inside);
    if (plural?.[1]) {
      names.add(plural[1]);
      for (const branch of branches(inside.slice(plural[0].length)).values()) collect(branch, names);
    } else {
      names.add(inside.trim());
    }
    i = end;
  }
}

/** The names of the values a template uses (`{name}` and plural arguments, in branches too), sorted. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  collect(template, names);
  return [...names].sort();
}
