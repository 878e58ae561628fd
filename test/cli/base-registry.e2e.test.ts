import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";
import { startRegistry, type RunningRegistry } from "../helpers/registry.js";
import { runCliAsync } from "../helpers/run-async.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// --base in a registry that wants credentials: they go to the base when it is in the image's registry, and to no
// other host.

const SLOW = 600_000;
const temp = tempDirs();
let registry: RunningRegistry;

beforeAll(async () => {
  const dir = temp("layerscope-base-registry-");
  const htpasswd = join(dir, "htpasswd");
  writeFileSync(htpasswd, execFileSync("htpasswd", ["-Bbn", "ci", "secret"], { encoding: "utf8" }));
  registry = await startRegistry(dir, join(dir, "data"), `auth:\n  htpasswd:\n    realm: base-test\n    path: ${htpasswd}\n`);
  const push = (name: string, target: string) =>
    execFileSync("skopeo", ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false", "--dest-creds", "ci:secret", "--preserve-digests", `oci:${realImage(name, "oci")}:latest`, `docker://${registry.address}/${target}`]);
  push("base", "lab/base:1");
  push("multistage", "lab/app:1");
}, SLOW);
afterAll(() => registry?.stop());

describe("--base with registry credentials", () => {
  it("reads a base in the image's registry with the image's credentials", async () => {
    const args = [`docker://${registry.address}/lab/app:1`, "--base", `docker://${registry.address}/lab/base:1`, "--username", "ci", "--password-stdin", "--json", "-"];
    const result = await runCliAsync(args, { DOCKER_CONFIG: temp("layerscope-docker-") }, "secret\n");
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).image.base).toMatchObject({ evidence: "base-image", inheritedLayers: 1 });
  }, SLOW);

  it("never sends them to a base in another registry", async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { "www-authenticate": 'Basic realm="other"' }).end();
    });
    await new Promise<void>((done) => other.listen(0, "127.0.0.1", done));
    const address = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const args = [`docker://${registry.address}/lab/app:1`, "--base", `docker://${address}/lab/base:1`, "--username", "ci", "--password-stdin", "--json", "-"];
      const result = await runCliAsync(args, { DOCKER_CONFIG: temp("layerscope-docker-") }, "secret\n");
      const base = JSON.parse(result.stdout).image.base;
      expect(base.evidence).toBe("history");
      expect(base.detail).toMatch(/not readable \(.*authentication required/);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((authorization) => authorization === undefined)).toBe(true);
    } finally {
      other.close();
    }
  }, SLOW);
});
