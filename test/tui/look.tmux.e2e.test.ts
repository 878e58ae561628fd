/**
 * The file viewer, content diff, extract, copy and layer range keys, with the real `bin/layerscope.js` in tmux
 * (a server of its own per test, set-clipboard on so that OSC 52 lands in tmux's paste buffer).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../helpers/build-image.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
const root = process.cwd();
const temp = tempDirs();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let server = "";
let image = "";

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", server, ...args], { encoding: "utf8" });
}

async function screenUntil(test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = "";
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    screen = tmux("capture-pane", "-p", "-t", "look");
    if (test(screen)) return screen;
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
}

const shows = (text: string): Promise<string> => screenUntil((screen) => screen.includes(text), JSON.stringify(text));
/** The viewer once it shows `text` and its content is read (until then it says "reading…" under its title). */
const viewerShows = (text: string): Promise<string> =>
  screenUntil((screen) => screen.includes(text) && !screen.includes("reading…"), `${JSON.stringify(text)} and the content read`);

/** One send per key; after esc a pause, or the next key reads as alt+key. */
async function keys(...names: string[]): Promise<void> {
  for (const name of names) {
    tmux("send-keys", "-t", "look", name);
    await sleep(name === "Escape" ? 600 : 80);
  }
}

async function filterTo(text: string): Promise<void> {
  await keys("/");
  tmux("send-keys", "-t", "look", "-l", text);
  await keys("Enter");
}

/** The UI on the test image, in a fresh working directory (returned). */
async function start(config = ""): Promise<string> {
  server = `layerscope-look-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const cwd = temp("layerscope-look-ui-");
  if (config) writeFileSync(join(cwd, ".layerscope.yaml"), config);
  const command = `cd ${JSON.stringify(cwd)} && env -u CI TERM=xterm-256color LAYERSCOPE_CACHE_MAX=0 node ${JSON.stringify(join(root, "bin/layerscope.js"))} ${JSON.stringify(image)}; sleep 60`;
  tmux("new-session", "-d", "-s", "look", "-x", "130", "-y", "36", command);
  tmux("set-option", "-g", "set-clipboard", "on");
  // every figure too: file contents and ranges wait for the end of the analysis
  await screenUntil((s) => s.includes("Filetree") && !s.includes("building") && !s.includes("Reading:") && /[├└]─/.test(s), "the UI");
  return cwd;
}

beforeAll(async () => {
  const built = await buildImage(
    {
      layers: [
        {
          createdBy: "base",
          entries: [
            { path: "etc/motd", content: "hello\n\tindented\nescape \u001b[31mred\n" },
            { path: "etc/app.conf", content: "port=80\nmode=prod\n" },
            { path: "bin/tool", content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), mode: 0o755 },
            { path: "srv/site/index.html", content: "<h1>hi</h1>\n" },
            { path: "srv/site/logo", type: "symlink", linkname: "index.html" },
          ],
        },
        { createdBy: "change", entries: [{ path: "etc/app.conf", content: "port=8080\nmode=prod  \n" }] },
      ],
    },
    { format: "oci-layout", dir: temp("layerscope-look-image-") },
  );
  image = built.path;
});

afterEach(() => {
  if (server) spawnSync("tmux", ["-L", server, "kill-server"], { stdio: "ignore" });
  server = "";
});

describe.skipIf(!hasTmux)("looking inside files in the UI (tmux)", () => {
  it("has a build to run", () => {
    expect(existsSync(join(root, "dist/bundle/ui.cjs"))).toBe(true);
  });

  it("views a file as escaped text or hex, copies its path, and goes back to the tree where it was", async () => {
    await start();
    await keys("Tab");
    await filterTo("motd");
    await keys("Down", "Down", "Enter");
    const text = await viewerShows("/etc/motd · layer 0");
    expect(text).toContain("hello\n        indented\nescape \\x1b[31mred");
    await keys("x");
    expect(await viewerShows("hex")).toContain("00000000  68 65 6c 6c 6f 0a 09 69  6e 64 65 6e 74 65 64 0a  |hello..indented.|");
    await keys("y");
    await shows("copied /etc/motd");
    expect(tmux("show-buffer")).toBe("/etc/motd");
    await keys("Escape");
    const tree = await shows("Filetree");
    expect(tree).toMatch(/Filetree {2}\/etc\/motd/);
  });

  it("shows binary content as hex, diffs a modified file with the layer below, and folds a directory on enter", async () => {
    await start();
    await keys("Tab");
    await filterTo("bin/tool");
    await keys("Down", "Down", "Enter");
    expect(await viewerShows("/bin/tool · layer 0")).toContain("00000000  7f 45 4c 46 00 01 02 03");
    await keys("Escape", "Escape", "Tab", "j", "Tab");
    await filterTo("app.conf");
    await keys("Down", "Down", "D");
    const diff = await viewerShows("diff with the layer below");
    expect(diff).toContain("--- a/etc/app.conf (layer 0)\n+++ b/etc/app.conf (layer 1)\n@@ -1,2 +1,2 @@\n-port=80\n-mode=prod\n+port=8080\n+mode=prod");
    await keys("Escape", "Escape", "Escape", "G", "k", "k", "Enter");
    await screenUntil((s) => s.includes("▸ site/") && !s.includes("index.html"), "site/ folded");
  });

  it("extracts the selected directory into the working directory after asking", async () => {
    const cwd = await start();
    await keys("Tab");
    await filterTo("srv/site$");
    await keys("Down", "e");
    await shows("Extract /srv/site (as after layer 0) into");
    await keys("n");
    await shows("extract cancelled");
    expect(existsSync(join(cwd, "srv"))).toBe(false);
    await keys("e", "y");
    await shows("extracted 1 file (12 bytes), 2 directories, 1 symlink under");
    expect(readFileSync(join(cwd, "srv/site/index.html"), "utf8")).toBe("<h1>hi</h1>\n");
    expect(lstatSync(join(cwd, "srv/site/logo")).isSymbolicLink()).toBe(true);
  });

  it("marks a layer range and lists its net changes and totals; the viewer key can be rebound", async () => {
    await start("keys:\n  view-file: o\n");
    await keys("m");
    await shows("range from layer 0");
    await keys("j", "m");
    const range = await shows("Layers 0..1: net changes");
    expect(range).toContain("+9 ~0 -0 · net 74 B (added 74 B, modified 0 B) · removed 0 B · the layers store 92 B");
    expect(range).toMatch(/\+ +22 B {2}\/etc\/app\.conf/);
    await keys("Escape", "Tab");
    await filterTo("index");
    await keys("Down", "Down", "Down", "Enter");
    expect(tmux("capture-pane", "-p", "-t", "look")).not.toContain("· layer 1");
    await keys("o");
    await shows("<h1>hi</h1>");
    expect(tmux("capture-pane", "-p", "-t", "look")).toContain("/srv/site/index.html · layer 1");
  });
});
