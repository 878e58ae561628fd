/**
 * The UI before the analysis ends, end to end in tmux: the real `bin/layerscope.js` on an image served by a registry
 * behind a proxy that stalls the top layer's blob (the analysis cannot end), and on a local layout with a damaged
 * layer. Skipped (with a message) only when tmux is not installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { realImage } from "../helpers/realimages.js";
import { useLabRegistries } from "../helpers/registry.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
if (!hasTmux) console.warn("test/tui/live.tmux.e2e.test.ts skipped: tmux is not installed (apt-get install tmux)");

const root = process.cwd();
const tempDir = tempDirs();
let socket = "";
let sockets = 0;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
}

class Screen {
  constructor(readonly name: string) {}

  capture(): string {
    return tmux("capture-pane", "-p", "-t", this.name);
  }

  async until(test: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const ok = (s: string): boolean => (typeof test === "string" ? s.includes(test) : test.test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = this.capture();
      if (ok(screen)) return screen;
      await sleep(50);
    }
    throw new Error(`timed out waiting for ${String(test)}; screen:\n${screen}`);
  }

  key(key: string): void {
    tmux("send-keys", "-t", this.name, key);
  }
}

function start(image: string): Screen {
  socket = `layerscope-live-${process.pid}-${++sockets}`;
  const name = `live${Math.random().toString(36).slice(2, 8)}`;
  const cache = tempDir("lslive-cache-");
  const command = `cd ${JSON.stringify(root)} && env -u CI TERM=xterm-256color XDG_CACHE_HOME=${cache} node bin/layerscope.js ${JSON.stringify(image)}; echo "layerscope exited $?"; sleep 120`;
  tmux("new-session", "-d", "-s", name, "-x", "150", "-y", "40", command);
  return new Screen(name);
}

/** The layers of the first manifest of an OCI layout, bottom first. */
function layoutLayers(layout: string): string[] {
  const blob = (digest: string): string => join(layout, "blobs", ...digest.split(":"));
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8"));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), "utf8"));
  return manifest.layers.map((layer: { digest: string }) => layer.digest);
}

afterEach(() => {
  if (hasTmux && socket) spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  socket = "";
});

describe.skipIf(!hasTmux)("the UI while the image is still read", () => {
  let stopRegistries: () => Promise<void> = async () => undefined;
  let proxy: FaultProxy;
  beforeAll(async () => {
    stopRegistries = await useLabRegistries(["features"]);
    proxy = await startFaultProxy(process.env.LAB_REG_PLAIN ?? "127.0.0.1:5000");
  }, 900_000);
  afterAll(async () => {
    await proxy?.stop();
    await stopRegistries();
  });

  it("draws the layers at once and each tree once read; keys work and q quits while the top layer never comes", async () => {
    const layers = layoutLayers(realImage("features", "oci"));
    const top = layers.at(-1)!;
    proxy.add(new RegExp(`^GET /v2/lab/features/blobs/${top}`), { kind: "stall", afterBytes: 0 });
    const screen = start(`docker://${proxy.address}/lab/features:oci`);

    // the first frame: every layer from the manifest and config, no figure yet
    const first = await screen.until(`Layers  ${layers.length}`);
    expect(first).toMatch(/▶ {2}0 /);
    // layer 0's tree once it is read; the analysis goes on (the top layer stalls once it is asked for)
    const tree = await screen.until("├─");
    expect(tree).toContain("Reading:");
    expect(tree).not.toMatch(/Efficiency|Total \d/);
    for (let waited = 0; !proxy.log.some((line) => line.includes(top)); waited += 100) {
      if (waited > 60_000) throw new Error(`the top layer's blob was never asked for:\n${proxy.log.join("\n")}`);
      await sleep(100);
    }

    // keys during the analysis: layer 1 and its tree (layers 0 and 1 are read long before the top one)
    screen.key("Down");
    const second = await screen.until(/▶ {2}1 .*\n(?:.*\n)*.*├─/);
    expect(second).toContain("Layer 1 contents");
    // the top layer: not read, said so; the waste list: not known yet
    screen.key("End");
    const last = await screen.until(`▶ ${layers.length - 1} `);
    expect(last).toMatch(new RegExp(`layer ${layers.length - 1}: not read yet`));
    screen.key("w");
    expect(await screen.until("waste: known when every layer is read")).not.toContain("no waste");
    screen.key("Escape");

    // q ends the process at once, the analysis unfinished
    const quitAt = Date.now();
    screen.key("q");
    const end = await screen.until("layerscope exited", 15_000);
    expect(end).toContain("layerscope exited 0");
    expect(Date.now() - quitAt).toBeLessThan(10_000);
  }, 180_000);

  it("shows a layer that cannot be read as an error in the frame, and exits 2 with its line once quit", async () => {
    const layout = join(tempDir("lslive-layout-"), "oci");
    cpSync(realImage("features", "oci"), layout, { recursive: true });
    const layers = layoutLayers(layout);
    const damaged = join(layout, "blobs", ...layers[2].split(":"));
    const bytes = readFileSync(damaged);
    bytes[bytes.length >> 1] ^= 0x55;
    writeFileSync(damaged, bytes);
    const screen = start(layout);

    const failed = await screen.until(/ 2 +error /);
    expect(failed).toMatch(/Error: layer 2 \(sha256:[0-9a-f]{12}\)/);
    expect(failed).toContain("No figures");
    // the layers below it still show their trees; layer 2 says why it has none
    screen.key("Down");
    await screen.until(/Layer 1 contents[\s\S]*├─/);
    screen.key("Down");
    expect(await screen.until("could not be read")).toMatch(/could not be read: layer 2 \(sha256:/);
    screen.key("q");
    const end = await screen.until("layerscope exited", 15_000);
    expect(end).toMatch(/layerscope: layer 2 \(sha256:[0-9a-f]{12}\): /);
    expect(end).toContain("layerscope exited 2");
  }, 180_000);
});
