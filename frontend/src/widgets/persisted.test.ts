import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DOCUMENTS, LATEST } from "./documents";

// Each test loads persisted.ts afresh: its cache of hashes and its "no persisted queries" switch
// start empty.
const load = async () => {
  vi.resetModules();
  return import("./persisted");
};

/** A fetch that answers the given bodies in turn, recording what it was sent. */
const answers = (...bodies: unknown[]) => {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => {
    const body = bodies.shift();
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
};
const sent = (fetch: ReturnType<typeof answers>, call: number) => JSON.parse(String(fetch.mock.calls[call]?.[1].body)) as Record<string, unknown>;

const NOT_FOUND = { errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] };
const DATA = { data: { caseStudies: { edges: [] } } };
const URL = "https://plaza.example/graphql";
const VARIABLES = { first: 3 };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sha256Hex", () => {
  it("hashes as Node's createHash('sha256') does (the build's manifest)", async () => {
    const { sha256Hex } = await load();
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // UTF-8 bytes, as Node's `update(text, "utf8")`.
    expect(await sha256Hex("Guía ñ €")).toBe("38ac18c594fdba9a35d2c7a8fb97dd152c7cfd4a99e5c40ade658b34a7b4b7fc");
  });

  it("gives null without Web Crypto (not a secure context)", async () => {
    vi.stubGlobal("crypto", {});
    const { sha256Hex } = await load();
    expect(await sha256Hex("abc")).toBeNull();
  });
});

describe("the documents", () => {
  it("are distinct, so the manifest lists each once", () => {
    expect(new Set(DOCUMENTS).size).toBe(DOCUMENTS.length);
  });
});

describe("graphql (persisted queries)", () => {
  let hash = "";
  beforeEach(async () => {
    hash = (await (await load()).sha256Hex(LATEST)) ?? "";
  });

  it("sends the hash alone, then the document when Plaza does not know the hash", async () => {
    const { graphql } = await load();
    const fetch = answers(NOT_FOUND, DATA);
    expect(await graphql(URL, "widget-token", LATEST, VARIABLES)).toEqual(DATA.data);
    expect(fetch).toHaveBeenCalledTimes(2);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    expect(sent(fetch, 0)).toEqual({ variables: VARIABLES, extensions });
    expect(sent(fetch, 1)).toEqual({ query: LATEST, variables: VARIABLES, extensions });
    for (const [url, init] of fetch.mock.calls) {
      expect(url).toBe(URL);
      expect(init.method).toBe("POST");
      // The widget token, never Plaza's cookie.
      expect(init.credentials).toBe("omit");
      expect(init.headers).toEqual({ "content-type": "application/json", authorization: "Bearer widget-token" });
    }
  });

  it("sends the hash alone when Plaza knows it, and no authorization without a token", async () => {
    const { graphql } = await load();
    const fetch = answers(DATA);
    expect(await graphql(URL, null, LATEST, VARIABLES)).toEqual(DATA.data);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sent(fetch, 0)).toEqual({ variables: VARIABLES, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(fetch.mock.calls[0]?.[1].headers).toEqual({ "content-type": "application/json" });
  });

  it("recognises PersistedQueryNotFound by its message too", async () => {
    const { graphql } = await load();
    const fetch = answers({ errors: [{ message: "PersistedQueryNotFound" }] }, DATA);
    expect(await graphql(URL, null, LATEST, VARIABLES)).toEqual(DATA.data);
    expect(sent(fetch, 1).query).toBe(LATEST);
  });

  it("sends the document as a plain request without Web Crypto", async () => {
    vi.stubGlobal("crypto", {});
    const { graphql } = await load();
    const fetch = answers(DATA);
    expect(await graphql(URL, null, LATEST, VARIABLES)).toEqual(DATA.data);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sent(fetch, 0)).toEqual({ query: LATEST, variables: VARIABLES });
  });

  it("stops sending hashes when Plaza takes none", async () => {
    const { graphql } = await load();
    const fetch = answers({ errors: [{ message: "PersistedQueryNotSupported", extensions: { code: "PERSISTED_QUERY_NOT_SUPPORTED" } }] }, DATA, DATA);
    await graphql(URL, null, LATEST, VARIABLES);
    await graphql(URL, null, LATEST, VARIABLES);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(sent(fetch, 1)).toEqual({ query: LATEST, variables: VARIABLES });
    expect(sent(fetch, 2)).toEqual({ query: LATEST, variables: VARIABLES });
  });

  it("fails when Plaza answers no data", async () => {
    const { graphql } = await load();
    answers(NOT_FOUND, { errors: [{ message: "not a trusted document" }] });
    await expect(graphql(URL, "t", LATEST, VARIABLES)).rejects.toThrow("Plaza answered 200");
  });
});
