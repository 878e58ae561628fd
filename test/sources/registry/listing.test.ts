import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { LISTING_LIMITS, listRegistry } from "../../../src/sources/registry/listing.js";

interface Fake {
  address: string;
  seen: { url: string; authorization?: string }[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A tiny registry answering with `handler`; every request is logged with its Authorization header. */
async function fake(handler: (req: IncomingMessage, res: ServerResponse, self: string) => void): Promise<Fake> {
  const seen: Fake["seen"] = [];
  let self = "";
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handler(req, res, self);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  self = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { address: self, seen, close: () => new Promise((done) => server.close(() => done())) };
}

const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
};
const fast = { transport: { retries: 2, retryBaseDelayMs: 1 } };

describe("listRegistry against a hostile registry", () => {
  it("follows same-host paging, honours 429 Retry-After, keeps tags per repository", async () => {
    let throttled = false;
    const registry = await fake((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/v2/_catalog" && !throttled) {
        throttled = true;
        res.writeHead(429, { "retry-after": "1" }).end();
      } else if (url.pathname === "/v2/_catalog" && url.searchParams.get("last") === null) {
        json(res, { repositories: ["team/a", "team/b"] }, { link: '</v2/_catalog?last=team%2Fb&n=2>; rel="next"' });
      } else if (url.pathname === "/v2/_catalog") json(res, { repositories: ["team/c", "other/x"] });
      else json(res, { name: "x", tags: ["1", "2", "3"] });
    });
    const started = Date.now();
    const listing = await listRegistry(`docker://${registry.address}/team`, { ...fast, tagsPerRepository: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // waited for Retry-After
    expect(listing.references).toEqual(["a", "b", "c"].flatMap((repo) => [1, 2].map((tag) => `docker://${registry.address}/team/${repo}:${tag}`)));
    expect(registry.seen.filter((request) => request.url.startsWith("/v2/_catalog"))).toHaveLength(3);
  });

  it("refuses a paging link to another host, which never sees a request nor the credentials", async () => {
    const elsewhere = await fake((_req, res) => json(res, { repositories: ["stolen"] }));
    const registry = await fake((req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
        return;
      }
      json(res, { repositories: ["a"] }, { link: `<http://${elsewhere.address}/v2/_catalog?last=a>; rel="next"` });
    });
    const credentials = { username: "user", password: "secret" };
    await expect(listRegistry(`docker://${registry.address}`, { ...fast, credentials })).rejects.toThrow(/paging link points to another host .*refused/);
    expect(elsewhere.seen).toEqual([]);
    expect(registry.seen.some((request) => request.authorization?.startsWith("Basic "))).toBe(true);
  });

  it("sends no credentials along a redirect to another host", async () => {
    const elsewhere = await fake((_req, res) => json(res, { repositories: ["r"] }));
    const registry = await fake((req, res) => {
      if (!req.headers.authorization) res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
      else if (req.url?.startsWith("/v2/_catalog")) res.writeHead(307, { location: `http://${elsewhere.address}${req.url}` }).end();
      else json(res, { tags: [] });
    });
    const listing = await listRegistry(`docker://${registry.address}`, { ...fast, credentials: { username: "user", password: "secret" } });
    expect(listing.references).toEqual([]); // the one repository has no tags
    expect(elsewhere.seen.length).toBeGreaterThan(0);
    expect(elsewhere.seen.every((request) => request.authorization === undefined)).toBe(true);
  });

  it("ends a paging loop, a page with nothing new, and a listing that grows without end", async () => {
    const looping = await fake((req, res) => {
      if (req.url?.startsWith("/v2/_catalog")) json(res, { repositories: ["a"] }, { link: '</v2/_catalog?last=a&n=1>; rel="next"' });
      else json(res, { tags: ["1"] });
    });
    const loop = await listRegistry(`docker://${looping.address}`, fast);
    expect(loop.references).toEqual([`docker://${looping.address}/a:1`]);
    expect(loop.notes.join(" ")).toMatch(/loops|nothing new/);

    let page = 0;
    const growing = await fake((req, res) => {
      if (!req.url?.startsWith("/v2/_catalog")) return json(res, { tags: [] });
      page++;
      json(res, { repositories: [`r${page}`] }, { link: `</v2/_catalog?last=r${page}${"x".repeat(page)}&n=1>; rel="next"` });
    });
    const grown = await listRegistry(`docker://${growing.address}`, { ...fast, matches: () => false });
    expect(page).toBeLessThanOrEqual(LISTING_LIMITS.pages);
    expect(grown.notes.join(" ")).toMatch(/stopped/);
  });

  it("refuses a link leaving the endpoint, and an answer that is not a listing", async () => {
    const sideways = await fake((_req, res) => json(res, { repositories: ["a"] }, { link: '</v2/a/blobs/sha256:00?x=1>; rel="next"' }));
    await expect(listRegistry(`docker://${sideways.address}`, fast)).rejects.toThrow(/paging link leaves \/v2\/_catalog; refused/);
    const garbage = await fake((_req, res) => res.writeHead(200).end("<html>"));
    await expect(listRegistry(`docker://${garbage.address}`, fast)).rejects.toThrow(/not JSON/);
    await expect(listRegistry("docker://docker.io/library", fast)).rejects.toThrow(/Docker Hub has no catalog/);
  });
});
