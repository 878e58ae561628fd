import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openRemoteImage, type RemoteImageOptions } from "../../../src/sources/remote.js";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.js";
import { decodedDiffIds, seededRegistry, type SeededRegistry } from "../../helpers/registry-fixture.js";
import { ImageError } from "../../../src/errors.js";

const FAST: RemoteImageOptions = {
  source: "registry",
  transport: { retries: 3, retryBaseDelayMs: 5, stallTimeoutMs: 400 },
  prefetchLayers: 0,
};

let dir: string;
let seeded: SeededRegistry;
let proxy: FaultProxy;
let ref: string;
let bigBlob: string;
let manifestPath: RegExp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "layerscope-faults-"));
  seeded = await seededRegistry(dir);
  proxy = await startFaultProxy(seeded.registry.address);
  ref = `docker://${proxy.address}/${seeded.repository}:${seeded.tag}`;
  bigBlob = seeded.image.layers[1].digest;
  manifestPath = new RegExp(`^GET /v2/${seeded.repository}/manifests/`);
});

afterAll(async () => {
  await proxy?.stop();
  await seeded?.registry.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => proxy.clear());

const blobPath = (digest: string) => new RegExp(`^GET /v2/.*/blobs/${digest}`);

async function pull(options: RemoteImageOptions = FAST): Promise<string[]> {
  const source = await openRemoteImage(ref, options);
  try {
    return await decodedDiffIds(source);
  } finally {
    await source.close();
  }
}

async function pullError(options: RemoteImageOptions = FAST): Promise<Error> {
  const err = await pull(options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error("the pull should have failed");
  expect(err).toBeInstanceOf(ImageError);
  expect(err.message).not.toContain("\n");
  return err;
}

describe("registry faults through a proxy", () => {
  it("pulls through the proxy when nothing goes wrong", async () => {
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
  });

  it("retries a manifest answered with 500 twice", async () => {
    const fault = proxy.add(manifestPath, { kind: "status", status: 500 }, 2);
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
    expect(fault.hits).toBe(2);
  });

  it("retries a blob answered with 429 (Retry-After: 0)", async () => {
    const fault = proxy.add(blobPath(bigBlob), { kind: "status", status: 429, headers: { "retry-after": "0" } }, 3);
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
    expect(fault.hits).toBe(3);
  });

  it("gives up on a registry that always answers 500", async () => {
    proxy.add(manifestPath, { kind: "status", status: 500 });
    expect((await pullError()).message).toMatch(/HTTP 500 \(gave up after 4 attempts\)/);
  });

  it("resumes a blob whose connection drops in the middle, with a Range request", async () => {
    const fault = proxy.add(blobPath(bigBlob), { kind: "drop", afterBytes: 300_000 }, 1);
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
    expect(fault.hits).toBe(1);
    expect(proxy.log.some((line) => line.includes(bigBlob) && line.endsWith("bytes=300000-"))).toBe(true);
  });

  it("resumes a dropped blob from a server that ignores Range, skipping what it already has", async () => {
    proxy.add(blobPath(bigBlob), { kind: "drop", afterBytes: 250_000 }, 1);
    const ignored = proxy.add(blobPath(bigBlob), { kind: "ignore-range" });
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
    expect(ignored.hits).toBe(1);
  });

  it("gives up on a blob whose connection always drops", async () => {
    proxy.add(blobPath(bigBlob), { kind: "drop", afterBytes: 0 });
    expect((await pullError()).message).toMatch(/layer 1 .*gave up after/);
  });

  it("resumes a stalled blob transfer", async () => {
    const fault = proxy.add(blobPath(bigBlob), { kind: "stall", afterBytes: 200_000 }, 1);
    expect(await pull()).toEqual(seeded.image.layers.map((l) => l.diffId));
    expect(fault.hits).toBe(1);
  });

  it("fails with a one-line error on a transfer that keeps stalling", async () => {
    proxy.add(blobPath(bigBlob), { kind: "stall", afterBytes: 0 });
    expect((await pullError()).message).toMatch(/transfer stalled \(no data for 0.4 s\)/);
  });

  it("fails on a registry that never answers after one more try, not after every retry", async () => {
    const fault = proxy.add(manifestPath, { kind: "stall-headers" });
    expect((await pullError()).message).toMatch(/no answer for 0.4 s \(gave up after 2 attempts\)$/);
    expect(fault.hits).toBe(2);
  });

  it("refuses a blob whose bytes do not match its digest", async () => {
    proxy.add(blobPath(bigBlob), { kind: "corrupt", atByte: 5000 });
    const err = await pullError();
    expect(err.message).toMatch(/layer 1 .*(digest mismatch|corrupt gzip)/);
  });

  it("refuses a manifest whose bytes do not match the digest the registry announced", async () => {
    proxy.add(manifestPath, { kind: "corrupt", atByte: 40 });
    expect((await pullError()).message).toMatch(/manifest digest mismatch/);
  });

  it("reports a missing blob", async () => {
    const body = JSON.stringify({ errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown to registry" }] });
    proxy.add(blobPath(bigBlob), { kind: "status", status: 404, body });
    expect((await pullError()).message).toMatch(/layer 1 \(sha256:[0-9a-f]{12}\): blob not found in the registry/);
  });

  it("reports a missing tag", async () => {
    const source = openRemoteImage(`docker://${proxy.address}/${seeded.repository}:nope`, FAST);
    await expect(source).rejects.toThrow(/test\/app:nope: manifest not found \(no such tag or digest\)/);
  });

  it("refuses a schema 1 manifest", async () => {
    const body = JSON.stringify({ schemaVersion: 1, name: "test/app", tag: "1.0", fsLayers: [] });
    proxy.add(manifestPath, { kind: "status", status: 200, body, headers: { "content-type": "application/vnd.docker.distribution.manifest.v1+prettyjws" } });
    expect((await pullError()).message).toMatch(/schema 1 manifests are unsupported/);
  });

  it("prefetches the next layers while one is read, with the same result", async () => {
    expect(await pull({ ...FAST, prefetchLayers: 2 })).toEqual(seeded.image.layers.map((l) => l.diffId));
  });

  it("keeps a prefetched layer's failure for when that layer is opened", async () => {
    proxy.add(blobPath(bigBlob), { kind: "status", status: 404, body: "{}" });
    const err = await pullError({ ...FAST, prefetchLayers: 2 });
    expect(err.message).toMatch(/layer 1 .*blob not found/);
  });
});
