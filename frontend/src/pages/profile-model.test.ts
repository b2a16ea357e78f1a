import { describe, expect, it } from "vitest";
import { BIO_MAX, LINKS_MAX, SKILLS_MAX, TITLE_MAX, characters, isWebLink, linkProblem, linkText, parseSkills, profileInput, profileProblem, skillsLine, type ProfileDraft } from "./profile-model";

const blank: ProfileDraft = {
  displayName: "",
  title: "",
  bio: "",
  platforms: [],
  objectives: [],
  skills: "",
  languages: [],
  links: Array.from({ length: LINKS_MAX }, () => ""),
  visibility: "network",
  interfaceLanguage: "",
};

describe("skills typed on one line", () => {
  it("are split on commas, trimmed, and kept once whatever their case", () => {
    expect(parseSkills("Vídeo corto,  Subtitulado , lectura   fácil,, Lectura fácil;Crisis\nTikTok ")).toEqual(["Vídeo corto", "Subtitulado", "lectura fácil", "Crisis", "TikTok"]);
    expect(parseSkills("  ")).toEqual([]);
    expect(skillsLine(["Vídeo corto", "Subtitulado"])).toBe("Vídeo corto, Subtitulado");
  });
});

describe("links", () => {
  it("must be full web addresses without credentials", () => {
    expect(linkProblem("")).toBeNull();
    expect(linkProblem("https://vallverde.example/videos")).toBeNull();
    expect(linkProblem("http://example.org")).toBeNull();
    expect(linkProblem("javascript:x")).toBe("profile.error.link");
    expect(linkProblem("vallverde.example")).toBe("profile.error.link");
    expect(linkProblem("ftp://example.org/file")).toBe("profile.error.link");
    expect(linkProblem("https://user:secret@example.org/")).toBe("profile.error.link");
    expect(linkProblem(`https://example.org/${"a".repeat(300)}`)).toBe("profile.error.linkLong");
  });

  it("are shown only when they are web addresses, without their scheme", () => {
    expect(isWebLink("https://example.org/a")).toBe(true);
    expect(isWebLink("javascript:alert(1)")).toBe(false);
    expect(isWebLink("not a link")).toBe(false);
    expect(linkText("https://example.org/blog/")).toBe("example.org/blog");
  });
});

describe("the form's own checks", () => {
  it("count characters as the server does (an emoji is one)", () => {
    expect(characters("añ😀")).toBe(3);
  });

  it("pass an empty or a full, valid profile", () => {
    expect(profileProblem(blank)).toBeNull();
    expect(
      profileProblem({ ...blank, title: "x".repeat(TITLE_MAX), bio: "😀".repeat(BIO_MAX), skills: Array.from({ length: SKILLS_MAX }, (_, i) => `s${i}`).join(",") }),
    ).toBeNull();
  });

  it("name the field the server would, in the form's order", () => {
    expect(profileProblem({ ...blank, displayName: "n".repeat(121) })).toMatchObject({ field: "displayName", message: "profile.error.nameLong", values: { count: 121, max: 120 } });
    expect(profileProblem({ ...blank, title: "x".repeat(TITLE_MAX + 1), bio: "x".repeat(BIO_MAX + 1) })?.field).toBe("title");
    expect(profileProblem({ ...blank, bio: `${"x".repeat(BIO_MAX)}\n y` })).toMatchObject({ field: "bio", values: { count: BIO_MAX + 3 } });
    expect(profileProblem({ ...blank, skills: Array.from({ length: SKILLS_MAX + 1 }, (_, i) => `s${i}`).join(",") })).toMatchObject({ field: "skills", message: "profile.error.skillsMany" });
    expect(profileProblem({ ...blank, skills: `ok, ${"z".repeat(61)}` })).toMatchObject({ field: "skills", message: "profile.error.skillLong" });
    expect(profileProblem({ ...blank, links: ["https://example.org", "", "javascript:x", "", ""] })).toMatchObject({ field: "links.2", message: "profile.error.link" });
  });
});

describe("what is sent", () => {
  it("is the whole profile, empty texts as null and every link field in place", () => {
    const input = profileInput({
      ...blank,
      displayName: "  ",
      title: " Técnico de comunicación ",
      bio: "Primera línea.\nSegunda.\n",
      platforms: ["youtube"],
      skills: "Vídeo corto, Lectura fácil",
      languages: ["es"],
      links: ["", " https://example.org ", "", "", ""],
      visibility: "public",
      interfaceLanguage: "ca",
    });
    expect(input).toEqual({
      displayName: null,
      title: "Técnico de comunicación",
      bio: "Primera línea.\nSegunda.",
      platforms: ["youtube"],
      objectives: [],
      skills: ["Vídeo corto", "Lectura fácil"],
      languages: ["es"],
      links: ["", "https://example.org", "", "", ""],
      visibility: "public",
      interfaceLanguage: "ca",
    });
  });

  it("follows the browser when no interface language is chosen, and never sends an unknown visibility", () => {
    const input = profileInput({ ...blank, visibility: "everyone" });
    expect(input.interfaceLanguage).toBeNull();
    expect(input.visibility).toBe("network");
  });
});
