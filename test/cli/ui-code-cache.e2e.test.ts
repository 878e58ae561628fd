/**
 * bin/layerscope.js compiles the terminal UI's bundle (dist/bundle/ui.cjs) through a V8 code cache of its own,
 * beside the CLI's: the UI in tmux draws the same screen with that cache written, read, corrupt or impossible to
 * write, and none is made when caching is off. A non-interactive run never loads the UI's bundle.
 * Skipped (with a message) only when tmux is not installed; `.ci/run` installs it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";

const root = process.cwd();
const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
if (!hasTmux) console.warn("test/cli/ui-code-cache.e2e.test.ts skipped: tmux is not installed (apt-get install tmux)");

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface UiRun {
  /** the first screen with the tree drawn */
  screen: string;
  /** what the pane shows once layerscope has exited: its status, and anything it printed */
  after: string;
}

/** The UI on the tiny image in a tmux pane of its own, quit with q once the tree is drawn. */
async function runUi(cacheHome: string, env: Record<string, string> = {}, packageRoot = root): Promise<UiRun> {
  const socket = `layerscope-uicache-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const settings = Object.entries({ XDG_CACHE_HOME: cacheHome, LAYERSCOPE_CACHE_MAX: "", LAYERSCOPE_CODE_CACHE: "", ...env })
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(" ");
  const command = `cd ${JSON.stringify(root)} && env -u CI TERM=xterm-256color ${settings} node ${JSON.stringify(join(packageRoot, "bin/layerscope.js"))} ${JSON.stringify(realImage("tiny"))}; echo "layerscope exited $?"; sleep 60`;
  tmux("new-session", "-d", "-s", "ui", "-x", "120", "-y", "30", command);
  try {
    const until = async (test: (screen: string) => boolean, what: string): Promise<string> => {
      const deadline = Date.now() + 60_000;
      let screen = "";
      while (Date.now() < deadline) {
        screen = tmux("capture-pane", "-p", "-t", "ui");
        if (test(screen)) return screen;
        await sleep(100);
      }
      throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
    };
    // the tree and the figures: quit before the analysis ends, the process would end at once, without its caches
    const screen = await until((s) => s.includes("Filetree") && s.includes("─ ") && !s.includes("building") && !s.includes("Reading:"), "the UI");
    tmux("send-keys", "-t", "ui", "q");
    const after = await until((s) => s.includes("layerscope exited"), "the exit");
    return { screen, after };
  } finally {
    spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  }
}

function cacheFiles(cacheHome: string, prefix: string): string[] {
  const dir = join(cacheHome, "layerscope", "code");
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(dir, name))
    : [];
}

/**
 * Replaces a cache file with a FIFO and watches it: a process that opens it to read waits for a writer, which the
 * watch then is (writing nothing, so the reader gets an empty file); `opened` says whether that happened.
 */
function watchReads(file: string): { opened: () => boolean; stop: () => void } {
  rmSync(file);
  execFileSync("mkfifo", [file]);
  let opened = false;
  const timer = setInterval(() => {
    if (!lstatSync(file, { throwIfNoEntry: false })?.isFIFO()) return;
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
      opened = true;
    } catch {
      // ENXIO: nobody has it open to read
    }
  }, 20);
  return { opened: () => opened, stop: () => clearInterval(timer) };
}

const tempHome = (): string => mkdtempSync(join(tmpdir(), "layerscope-ui-code-cache-"));

describe.skipIf(!hasTmux)("the code cache of the UI's bundle", () => {
  it("is written by a first interactive run and read by the next, with the same screen as without it", async () => {
    const home = tempHome();
    const uncached = await runUi(home, { LAYERSCOPE_CODE_CACHE: "0" });
    expect(uncached.after).toContain("layerscope exited 0");
    expect(cacheFiles(home, "")).toEqual([]);

    const first = await runUi(home);
    expect(first.screen).toBe(uncached.screen);
    expect(first.after).toContain("layerscope exited 0");
    const files = cacheFiles(home, "ui-");
    expect(files).toHaveLength(1);
    expect(cacheFiles(home, "cli-")).toHaveLength(1);
    // keyed by the build id scripts/bundle.mjs writes on the UI bundle's first line, and by Node's version
    const build = /^\/\/ layerscope-build ([0-9a-f]{64})\n/.exec(readFileSync(join(root, "dist/bundle/ui.cjs"), "utf8"))?.[1];
    expect(build).toBeDefined();
    expect(basename(files[0])).toContain(`ui-${build!.slice(0, 32)}-node${process.versions.node}-`);
    const written = statSync(files[0]).mtimeMs;

    const second = await runUi(home);
    expect(second.screen).toBe(uncached.screen);
    expect(second.after).toContain("layerscope exited 0");
    // read and accepted by V8, so not written again (a run that reads no cache, or one V8 refuses, writes one)
    expect(statSync(files[0]).mtimeMs).toBe(written);
    expect(cacheFiles(home, "ui-")).toEqual(files);

    // and the read itself, seen: the file replaced by a FIFO that notes when the next run opens it
    const watch = watchReads(files[0]);
    try {
      const third = await runUi(home);
      expect(third.screen).toBe(uncached.screen);
      expect(watch.opened()).toBe(true);
    } finally {
      watch.stop();
    }
    // what it read (nothing) V8 refused: the cache is written again, a file once more
    expect(lstatSync(files[0]).isFile()).toBe(true);
  });

  it("replaces a cache V8 refuses, and the screen is the same", async () => {
    const home = tempHome();
    const reference = await runUi(home, { LAYERSCOPE_CODE_CACHE: "0" });
    await runUi(home);
    const [file] = cacheFiles(home, "ui-");
    expect(file).toBeDefined();
    writeFileSync(file, Buffer.alloc(statSync(file).size, 0x5a));
    const corrupt = await runUi(home);
    expect(corrupt.screen).toBe(reference.screen);
    expect(corrupt.after).toContain("layerscope exited 0");
    expect(readFileSync(file).subarray(0, 64).equals(Buffer.alloc(64, 0x5a))).toBe(false);
    expect((await runUi(home)).screen).toBe(reference.screen);
  });

  it("draws the UI as usual when the cache directory cannot be written", async () => {
    // root writes through permission bits; nobody can make a directory in /proc
    const asRoot = process.getuid?.() === 0;
    const home = asRoot ? "/proc/self/layerscope-cache" : tempHome();
    if (!asRoot) {
      mkdirSync(join(home, "layerscope"));
      chmodSync(join(home, "layerscope"), 0o500);
    }
    const reference = await runUi(tempHome(), { LAYERSCOPE_CODE_CACHE: "0" });
    const result = await runUi(home);
    expect(result.screen).toBe(reference.screen);
    // nothing printed after the UI has left the screen: only the status
    expect(
      result.after
        .trim()
        .split("\n")
        .filter((line) => line.trim() !== ""),
    ).toEqual(["layerscope exited 0"]);
    expect(cacheFiles(home, "")).toEqual([]);
  });

  it("is neither read nor written with --no-cache-like settings", async () => {
    const home = tempHome();
    await runUi(home);
    const files = [...cacheFiles(home, "ui-"), ...cacheFiles(home, "cli-")];
    expect(files).toHaveLength(2);
    const watched = files.map(watchReads);
    try {
      for (const env of [{ LAYERSCOPE_CODE_CACHE: "0" }, { LAYERSCOPE_CACHE_MAX: "0" }] as Record<string, string>[]) {
        expect((await runUi(home, env)).after).toContain("layerscope exited 0");
      }
      expect(watched.map((watch) => watch.opened())).toEqual([false, false]);
      // not written either: still the FIFOs, and no other file
      expect(files.map((file) => lstatSync(file).isFIFO())).toEqual([true, true]);
      expect(cacheFiles(home, "").sort()).toEqual([...files].sort());
      // the watch sees a read: a run with the cache on opens both
      expect((await runUi(home)).after).toContain("layerscope exited 0");
      expect(watched.map((watch) => watch.opened())).toEqual([true, true]);
    } finally {
      for (const watch of watched) watch.stop();
    }
  });
});

describe("a non-interactive run", () => {
  it("never loads the UI's bundle", () => {
    // a copy of the package whose UI bundle, if run, leaves a mark (a failure to load would be kept for the UI)
    const copy = mkdtempSync(join(tmpdir(), "layerscope-no-ui-"));
    mkdirSync(join(copy, "bin"));
    mkdirSync(join(copy, "dist/bundle"), { recursive: true });
    for (const file of ["bin/layerscope.js", "bin/package.json", "package.json", "dist/bundle/tuning.cjs", "dist/bundle/cli.cjs"])
      writeFileSync(join(copy, file), readFileSync(join(root, file)));
    writeFileSync(join(copy, "dist/bundle/ui.cjs"), 'require("node:fs").writeFileSync(__dirname + "/ui-was-loaded", "");\n');
    const env = { ...process.env, CI: "", NO_COLOR: "1", XDG_CACHE_HOME: tempHome(), LAYERSCOPE_CACHE_MAX: "", LAYERSCOPE_CODE_CACHE: "" };
    for (const args of [["--ci", "--json", "-"], ["--ci"], []]) {
      const theirs = spawnSync(process.execPath, [join(copy, "bin/layerscope.js"), realImage("tiny"), ...args], { encoding: "utf8", env });
      const ours = spawnSync(process.execPath, [join(root, "bin/layerscope.js"), realImage("tiny"), ...args], { encoding: "utf8", env });
      expect([theirs.status, theirs.stderr, theirs.stdout]).toEqual([ours.status, ours.stderr, ours.stdout]);
    }
    expect(existsSync(join(copy, "dist/bundle/ui-was-loaded"))).toBe(false);
  });
});
