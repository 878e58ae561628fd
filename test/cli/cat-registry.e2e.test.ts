import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { runInProcess } from "../helpers/cli-io.js";
import { seededRegistry, type SeededRegistry } from "../helpers/registry-fixture.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
let seeded: SeededRegistry;
let proxy: FaultProxy;
let ref = "";
let env: Record<string, string> = {};

beforeAll(async () => {
  const dir = temp("layerscope-cat-registry-");
  seeded = await seededRegistry(dir);
  proxy = await startFaultProxy(seeded.registry.address);
  ref = `docker://${proxy.address}/${seeded.repository}:${seeded.tag}`;
  env = { XDG_CACHE_HOME: join(dir, "cache"), LAYERSCOPE_CACHE_MAX: "1GB" };
});

afterAll(async () => {
  await proxy?.stop();
  await seeded?.registry.stop();
});

const blobGets = (): string[] => proxy.log.filter((line) => /^GET \/v2\/.*\/blobs\//.test(line)).map((line) => line.split("/blobs/")[1].split(" ")[0]);

describe("cat from a registry", () => {
  it("with the layer cache warm, fetches the config and the one layer that holds the file", async () => {
    const first = await runInProcess(["cat", ref, "/etc/app.conf", "--layer", "0"], { env });
    expect([first.status, first.stdout.toString(), first.stderr]).toEqual([0, "a=1\n", ""]);
    proxy.clear();
    proxy.log.length = 0;
    const again = await runInProcess(["cat", ref, "/etc/app.conf", "--layer", "0"], { env });
    expect(again.stdout.toString()).toBe("a=1\n");
    const layers = seeded.image.layers.map((layer) => layer.digest);
    expect(blobGets().sort()).toEqual([seeded.image.configDigest, layers[0]].sort());
    // a file of the last layer: that blob only
    proxy.log.length = 0;
    const zeros = await runInProcess(["cat", ref, "/zeros.bin"], { env });
    expect(zeros.stdout).toEqual(Buffer.alloc(65536));
    expect(blobGets().filter((digest) => digest !== seeded.image.configDigest)).toEqual([layers[2]]);
  });
});
