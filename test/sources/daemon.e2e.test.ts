import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRemoteImage, type RemoteImageOptions } from "../../src/sources/remote.js";
import { buildImage, type BuiltImage, type ImageSpec } from "../helpers/build-image.js";
import { decodedDiffIds } from "../helpers/registry-fixture.js";
import { freePort, stopChild } from "../helpers/registry.js";

const SPEC: ImageSpec = {
  layers: [
    [{ path: "etc", type: "dir" }, { path: "etc/os-release", content: "ID=test\n" }],
    [{ path: "app", type: "dir" }, { path: "app/run.sh", content: "#!/bin/sh\necho hi\n", mode: 0o755 }],
    { entries: [{ path: "etc", type: "dir" }, { path: "etc/os-release", content: "ID=test\n" }], sameAs: 0 },
    [{ path: "app/.wh.run.sh" }, { path: "data.bin", size: 300_000 }],
  ],
  tags: ["lab/app:1.0"],
};

interface FakeEngine {
  socket: string;
  exports: number;
  stop(): Promise<void>;
}

/** A Docker Engine API that knows one image and exports it (GET /images/{name}/get) as the given tar. */
async function fakeEngine(dir: string, names: string[], tar: Buffer): Promise<FakeEngine> {
  const socket = join(dir, `engine-${Math.random().toString(36).slice(2)}.sock`);
  const engine: FakeEngine = { socket, exports: 0, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const match = /^\/images\/(.+)\/(json|get)$/.exec(req.url ?? "");
    const name = match ? decodeURIComponent(match[1]) : "";
    if (!match || !names.includes(name)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `No such image: ${name}` }));
      return;
    }
    if (match[2] === "json") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Id: "sha256:x", RepoTags: names }));
      return;
    }
    engine.exports++;
    res.writeHead(200, { "content-type": "application/x-tar" });
    // Send in small pieces, as a real export does.
    for (let at = 0; at < tar.length; at += 65536) res.write(tar.subarray(at, at + 65536));
    res.end();
  });
  await new Promise<void>((done) => server.listen(socket, done));
  engine.stop = () => new Promise<void>((done) => server.close(() => done()));
  return engine;
}

let dir: string;
let legacy: BuiltImage;
let modern: BuiltImage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "layerscope-daemon-"));
  legacy = await buildImage(SPEC, { format: "docker-archive", dir, name: "legacy.tar" });
  modern = await buildImage(SPEC, { format: "docker-archive-25", dir, name: "modern.tar" });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(reference: string, options: RemoteImageOptions) {
  const source = await openRemoteImage(reference, options);
  try {
    return { format: source.format, name: source.name, diffIds: await decodedDiffIds(source), readsEmpty: source.layers.map((l) => l.diveReadsEmpty === true) };
  } finally {
    await source.close();
  }
}

describe("the Docker Engine API source (a fake engine on a unix socket)", () => {
  it("reads a legacy docker-save export, with the layer that is a symlink marked for Dive", async () => {
    const engine = await fakeEngine(dir, ["lab/app:1.0"], readFileSync(legacy.path));
    try {
      const got = await read("lab/app:1.0", { source: "docker", dockerHost: `unix://${engine.socket}` });
      expect(got.format).toBe("daemon");
      expect(got.diffIds).toEqual(legacy.images[0].layers.map((l) => l.diffId));
      expect(got.readsEmpty).toEqual([false, false, true, false]);
    } finally {
      await engine.stop();
    }
  });

  it("reads a Docker 25 export (blobs/sha256 members)", async () => {
    const engine = await fakeEngine(dir, ["lab/app:1.0"], readFileSync(modern.path));
    try {
      const got = await read("lab/app:1.0", { source: "docker", dockerHost: engine.socket });
      expect(got.diffIds).toEqual(modern.images[0].layers.map((l) => l.diffId));
    } finally {
      await engine.stop();
    }
  });

  it("refuses --platform for another platform than the exported image's, naming the one there is", async () => {
    const engine = await fakeEngine(dir, ["lab/app:1.0"], readFileSync(modern.path));
    try {
      await expect(read("lab/app:1.0", { source: "docker", dockerHost: engine.socket, platform: "linux/arm64" })).rejects.toThrow(
        /^no linux\/arm64 image in lab\/app:1\.0 \(Docker at .*\); platforms: linux\/amd64$/,
      );
      expect((await read("lab/app:1.0", { source: "docker", dockerHost: engine.socket, platform: "linux/amd64" })).format).toBe("daemon");
    } finally {
      await engine.stop();
    }
  });

  it("prefers a daemon that has the image over the registry", async () => {
    const engine = await fakeEngine(dir, ["lab/app:1.0"], readFileSync(legacy.path));
    try {
      const got = await read("lab/app:1.0", { dockerHost: `unix://${engine.socket}`, podmanHost: join(dir, "no-podman.sock") });
      expect(got.format).toBe("daemon");
    } finally {
      await engine.stop();
    }
  });

  it("goes to the registry when no daemon has the image", async () => {
    const engine = await fakeEngine(dir, ["lab/other:1.0"], readFileSync(legacy.path));
    const port = await freePort();
    try {
      const options: RemoteImageOptions = { dockerHost: engine.socket, podmanHost: join(dir, "none.sock"), transport: { retries: 0 } };
      await expect(openRemoteImage(`127.0.0.1:${port}/lab/app:1.0`, options)).rejects.toThrow(/cannot connect to 127\.0\.0\.1:\d+ \(connection refused\)/);
      expect(engine.exports).toBe(0);
    } finally {
      await engine.stop();
    }
  });

  it("reports an image the daemon does not have, when the daemon is asked for", async () => {
    const engine = await fakeEngine(dir, [], readFileSync(legacy.path));
    try {
      await expect(openRemoteImage("lab/app:1.0", { source: "docker", dockerHost: engine.socket })).rejects.toThrow(/lab\/app:1.0 \(Docker at .*\): no such image in the daemon/);
    } finally {
      await engine.stop();
    }
  });

  it("reports a daemon that is not there, when it is asked for", async () => {
    await expect(openRemoteImage("lab/app:1.0", { source: "docker", dockerHost: `unix://${join(dir, "missing.sock")}` })).rejects.toThrow(
      /cannot reach the Docker daemon at .*missing\.sock \(ENOENT\)/,
    );
  });

  it("refuses an export whose layer bytes do not match the diff id", async () => {
    const tar = Buffer.from(readFileSync(legacy.path));
    const layerTar = legacy.images[0].layers[3];
    const at = tar.indexOf(Buffer.from("data.bin")) + 10_000;
    expect(at).toBeGreaterThan(10_000);
    tar[at] ^= 0xff;
    const engine = await fakeEngine(dir, ["lab/app:1.0"], tar);
    try {
      await expect(read("lab/app:1.0", { source: "docker", dockerHost: engine.socket })).rejects.toThrow(
        new RegExp(`layer 3 \\(${layerTar.diffId.slice(0, 19)}\\): digest mismatch`),
      );
    } finally {
      await engine.stop();
    }
  });
});

const havePodman = (() => {
  try {
    execFileSync("podman", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!havePodman)("a real Podman API service (podman system service)", () => {
  let root: string;
  let service: ChildProcess | undefined;
  let socket: string;
  const podman = (...args: string[]) => ["--root", join(root, "storage"), "--runroot", join(root, "run"), "--storage-driver", "vfs", ...args];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "layerscope-podman-"));
    socket = join(root, "podman.sock");
    execFileSync("podman", podman("load", "-i", legacy.path), { stdio: "ignore", timeout: 120_000 });
    service = spawn("podman", podman("system", "service", "--time", "0", `unix://${socket}`), { stdio: "ignore" });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  });

  afterAll(async () => {
    if (service) await stopChild(service);
    rmSync(root, { recursive: true, force: true });
  });

  it("reads an image that podman loaded, through its Docker-compatible API", async () => {
    const got = await read("lab/app:1.0", { source: "podman", podmanHost: `unix://${socket}` });
    expect(got.format).toBe("daemon");
    expect(got.name).toMatch(/lab\/app:1.0$/);
    expect(got.diffIds).toEqual(legacy.images[0].layers.map((l) => l.diffId));
  });
});
