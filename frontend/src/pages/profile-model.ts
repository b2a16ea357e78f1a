// A member's profile as the edit form holds it: the limits the server enforces, checked before
// sending (each problem named by the field path the server would use, `links.2`, so it shows in
// the same place), the skills typed as one comma-separated line, and the `ProfileInput` sent.
// Pure functions (no DOM), unit-tested as they are.
import type { ProfileInput } from "../generated/schema";
import type { Key } from "../locales/es";

/** Longest display name, title and biography; most skills and links; longest skill and link. */
export const NAME_MAX = 120;
export const TITLE_MAX = 120;
export const BIO_MAX = 2000;
export const SKILLS_MAX = 20;
export const SKILL_MAX = 60;
export const LINKS_MAX = 5;
/** Longest link, in bytes of UTF-8. */
export const LINK_MAX = 300;

/** Who may see a profile, from the widest audience to none. */
export const VISIBILITIES = ["public", "network", "hidden"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export function isVisibility(value: string | null | undefined): value is Visibility {
  return (VISIBILITIES as readonly (string | null | undefined)[]).includes(value);
}

/** What the form holds, as typed. */
export interface ProfileDraft {
  displayName: string;
  title: string;
  bio: string;
  platforms: string[];
  objectives: string[];
  /** The skills as one line, separated by commas. */
  skills: string;
  languages: string[];
  /** One entry per link field (empty ones included), so that an error's index is its field's. */
  links: string[];
  visibility: string;
  /** An interface language, or "" to follow the browser. */
  interfaceLanguage: string;
}

/** Something to fix before saving: where (the server's path without `input.`) and what. */
export interface Problem {
  field: string;
  message: Key;
  values?: Record<string, string | number>;
}

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The skills of a comma-separated line (semicolons and line breaks separate too): trimmed, without empty ones or repeats (ignoring case). */
export function parseSkills(line: string): string[] {
  const kept: string[] = [];
  for (const raw of line.split(/[,;\n]/)) {
    const skill = raw.split(/\s+/).filter(Boolean).join(" ");
    if (skill && !kept.some((known) => known.toLocaleLowerCase() === skill.toLocaleLowerCase())) kept.push(skill);
  }
  return kept;
}

/** Skills as the form shows them: one line. */
export function skillsLine(skills: readonly string[]): string {
  return skills.join(", ");
}

/** What is wrong with one link, if anything: an absolute http(s) address with a host, no credentials, at most [`LINK_MAX`] bytes. */
export function linkProblem(link: string): Key | null {
  const text = link.trim();
  if (!text) return null;
  if (new TextEncoder().encode(text).length > LINK_MAX) return "profile.error.linkLong";
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return "profile.error.link";
  }
  if (!["http:", "https:"].includes(parsed.protocol) || !parsed.hostname || parsed.username || parsed.password) return "profile.error.link";
  return null;
}

/** The first problem of the draft, in the form's order, or null when it can be sent. */
export function profileProblem(draft: ProfileDraft): Problem | null {
  const long = (field: string, text: string, max: number, message: Key): Problem | null => {
    const count = characters(text.trim());
    return count > max ? { field, message, values: { count, max } } : null;
  };
  const early =
    long("displayName", draft.displayName, NAME_MAX, "profile.error.nameLong") ??
    long("title", draft.title, TITLE_MAX, "profile.error.titleLong") ??
    long("bio", draft.bio, BIO_MAX, "profile.error.bioLong");
  if (early) return early;
  const skills = parseSkills(draft.skills);
  if (skills.length > SKILLS_MAX) return { field: "skills", message: "profile.error.skillsMany", values: { count: skills.length, max: SKILLS_MAX } };
  const tooLong = skills.find((skill) => characters(skill) > SKILL_MAX);
  if (tooLong) return { field: "skills", message: "profile.error.skillLong", values: { skill: `${[...tooLong].slice(0, 20).join("")}…`, max: SKILL_MAX } };
  for (const [index, link] of draft.links.entries()) {
    const message = linkProblem(link);
    if (message) return { field: `links.${index}`, message, values: { max: LINK_MAX } };
  }
  return null;
}

/** What to send: the whole profile (the API clears what is left out). */
export function profileInput(draft: ProfileDraft): ProfileInput {
  return {
    displayName: draft.displayName.trim() || null,
    title: draft.title.trim() || null,
    bio: draft.bio.trim() || null,
    platforms: draft.platforms,
    objectives: draft.objectives,
    skills: parseSkills(draft.skills),
    languages: draft.languages,
    // Every field, empty ones included: the API skips those and reports an error at its field's index.
    links: draft.links.map((link) => link.trim()),
    visibility: isVisibility(draft.visibility) ? draft.visibility : "network",
    interfaceLanguage: draft.interfaceLanguage || null,
  };
}

/** Whether a link may be shown as one: only web addresses (the API accepts no others, this is a second guard). */
export function isWebLink(link: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(link).protocol);
  } catch {
    return false;
  }
}

/** A link as its text shows it: without the scheme and a trailing slash. */
export function linkText(link: string): string {
  return link.replace(/^https?:\/\//i, "").replace(/\/$/, "");
}
