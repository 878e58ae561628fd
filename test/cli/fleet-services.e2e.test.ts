import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-figures.js";
import { startContainerd, type RunningContainerd } from "../helpers/containerd.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { realImage } from "../helpers/realimages.js";
import { pushLayout, startRegistry, type RunningRegistry } from "../helpers/registry.js";
import { runCliAsync } from "../helpers/run-async.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// fleet on real services: a registry of its own on a free port (behind a proxy that logs every request), a pod
// list as kubectl prints it, and containerd on a private socket.

const SLOW = 600_000;
const temp = tempDirs();
let registry: RunningRegistry;
let proxy: FaultProxy;
let containerd: RunningContainerd;

interface FleetJson {
  images: { reference: string; status: string; sameAs?: string; layers?: { digest: string }[]; base?: { fleetImage?: string } }[];
  summary: { images: number; failed: number; pull: { distinctLayers: number } };
}

beforeAll(async () => {
  const dir = temp("layerscope-fleet-registry-");
  registry = await startRegistry(dir, join(dir, "data"));
  const push = (name: string, target: string) => pushLayout(realImage(name, "oci"), `${registry.address}/${target}`);
  await push("base", "lab/base:1");
  await push("base", "lab/base:2");
  await push("apt-cleanup", "lab/app/curl:1");
  await push("multistage", "lab/app/hello:1");
  await push("multistage", "lab/app/hello:2");
  await push("tiny", "other/tiny:1");
  proxy = await startFaultProxy(registry.address);
  containerd = await startContainerd(temp("layerscope-fleet-containerd-"));
  const load = (name: string, archive: string) => containerd.ctr("fleet-ns", ["images", "import", "--no-unpack", "--base-name", name, archive]);
  await load("lab/base", realImage("base", "oci-archive"));
  await load("lab/multistage", realImage("multistage", "oci-archive"));
}, SLOW);
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await containerd?.stop();
});

describe("layerscope fleet on real services", () => {
  it("lists a registry under a prefix and fetches each distinct blob once for the whole fleet", async () => {
    proxy.log.length = 0;
    proxy.add(/GET \/v2\/_catalog/, { kind: "status", status: 429, headers: { "retry-after": "1" } }, 1);
    const result = await runCliAsync(["fleet", "--registry", `docker://${proxy.address}/lab`, "--no-cache", "--jobs", "2", "--json", "-"]);
    expect(result.stderr).toBe("");
    const json = JSON.parse(result.stdout) as FleetJson;
    const references = json.images.map((row) => row.reference.replace(`docker://${proxy.address}/`, ""));
    expect(references).toEqual(["lab/app/curl:1", "lab/app/hello:1", "lab/app/hello:2", "lab/base:1", "lab/base:2"]);
    expect(json.summary.images).toBe(3);
    expect(json.images.find((row) => row.reference.endsWith("hello:1"))?.base?.fleetImage).toMatch(/lab\/base:1$/);
    const blobGets = proxy.log.filter((line) => /^GET \/v2\/.*\/blobs\/sha256:/.test(line)).map((line) => line.split(" ")[1].replace(/^.*\/blobs\//, ""));
    const layers = new Set(json.images.flatMap((row) => row.layers ?? []).map((layer) => layer.digest));
    const layerGets = blobGets.filter((digest) => layers.has(digest));
    expect(new Set(layerGets).size).toBe(layers.size);
    expect(layerGets.length).toBe(layers.size); // each layer blob once, though three images share the base layer
    expect(proxy.log.filter((line) => line.startsWith("GET /v2/_catalog")).length).toBe(2); // the 429 and its retry
  }, SLOW);

  it("keeps the tags and repositories --match and --tags-per-repo ask for", () => {
    const result = runCli(["fleet", "--registry", `docker://${registry.address}`, "--match", "lab/app/*", "--match", "other/*:1", "--tags-per-repo", "1", "--json", "-"]);
    expect(result.stderr).toBe("");
    const references = (JSON.parse(result.stdout) as FleetJson).images.map((row) => row.reference.replace(`docker://${registry.address}/`, ""));
    // one tag of each repository, in the registry's order (Distribution's own, not promised)
    expect(references).toHaveLength(3);
    expect(references[0]).toBe("lab/app/curl:1");
    expect(references[1]).toMatch(/^lab\/app\/hello:[12]$/);
    expect(references[2]).toBe("other/tiny:1");
  }, SLOW);

  it("reads the images of kubectl get pods -A -o json from standard input, pinned to the digest a pod runs", async () => {
    const pinned = runCli(["docker://" + `${registry.address}/lab/base:1`, "--json", "-"]);
    const digest = JSON.parse(pinned.stdout).image.manifestDigest as string;
    const pods = {
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          kind: "Pod",
          metadata: { name: "web", namespace: "apps" },
          spec: { containers: [{ name: "web", image: `${registry.address}/lab/app/hello:2` }], initContainers: [{ name: "init", image: `${registry.address}/lab/base:2` }] },
          status: { initContainerStatuses: [{ name: "init", imageID: `docker-pullable://${registry.address}/lab/base@${digest}` }] },
        },
        { kind: "Pod", metadata: { name: "gone" }, spec: { containers: [{ name: "x", image: `${registry.address}/lab/missing:1` }] } },
      ],
    };
    const result = await runCliAsync(["fleet", "--pods", "-", "--json", "-"], {}, JSON.stringify(pods));
    const json = JSON.parse(result.stdout) as FleetJson;
    expect(json.images.map((row) => `${row.reference.replace(`docker://${registry.address}/`, "")} ${row.status}`)).toEqual([
      `lab/app/hello:2 ok`,
      `lab/base@${digest} ok`,
      `lab/missing:1 error`,
    ]);
    expect(result.stderr).toMatch(/lab\/missing:1: manifest not found|repository not found/);
  }, SLOW);

  it("lists a containerd namespace", () => {
    const result = runCli(["fleet", "--containerd", "fleet-ns", "--containerd-address", containerd.socket, "--json", "-"]);
    expect(result.stderr).toBe("");
    const json = JSON.parse(result.stdout) as FleetJson;
    expect(json.images.map((row) => `${row.reference} ${row.status}`)).toEqual(["containerd://lab/base:latest ok", "containerd://lab/multistage:latest ok"]);
    expect(json.images[1].base?.fleetImage).toBe("containerd://lab/base:latest");
  }, SLOW);

  it("sends --username's credentials to the --registry hosts only", async () => {
    const seen: { host: string; authorization?: string }[] = [];
    const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const server = createServer((req, res) => {
        seen.push({ host: req.headers.host ?? "", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
        handler(req, res);
      });
      return new Promise<{ address: string; close: () => void }>((done) =>
        server.listen(0, "127.0.0.1", () => done({ address: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
      );
    };
    const listed = await serve((req, res) => {
      if (!req.headers.authorization) res.writeHead(401, { "www-authenticate": 'Basic realm="fleet"' }).end();
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ repositories: [] }));
    });
    const other = await serve((_req, res) => res.writeHead(401, { "www-authenticate": 'Basic realm="other"' }).end());
    try {
      const result = await runCliAsync(["fleet", "--registry", `docker://${listed.address}`, `docker://${other.address}/team/app:1`, "--username", "ci", "--password-stdin", "--json", "-"], { DOCKER_CONFIG: temp("layerscope-fleet-docker-") }, "secret\n");
      expect(result.stderr).toMatch(/team\/app: authentication required/);
      expect(seen.some((request) => request.host === listed.address && request.authorization?.startsWith("Basic "))).toBe(true);
      expect(seen.filter((request) => request.host === other.address).length).toBeGreaterThan(0);
      expect(seen.filter((request) => request.host === other.address && request.authorization !== undefined)).toEqual([]);
    } finally {
      listed.close();
      other.close();
    }
  }, SLOW);
});
