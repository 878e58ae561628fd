/**
 * bin/layerscope.js runs the CLI bundle through V8's code cache, kept under $XDG_CACHE_HOME/layerscope/code/: the
 * same output with a cache written, read, corrupt or impossible to write, and none at all when it is turned off.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";

const root = process.cwd();

function run(args: string[], cacheHome: string, extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, CI: "", NO_COLOR: "1", XDG_CACHE_HOME: cacheHome, LAYERSCOPE_CACHE_MAX: "", LAYERSCOPE_CODE_CACHE: "", ...extraEnv };
  return spawnSync(process.execPath, [join(root, "bin/layerscope.js"), ...args], { encoding: "utf8", env, cwd: root });
}

function codeDir(cacheHome: string): string {
  return join(cacheHome, "layerscope", "code");
}

function cacheFiles(cacheHome: string): string[] {
  const dir = codeDir(cacheHome);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}

describe("the code cache of the shipped CLI", () => {
  it("is written by a first run and read by the next, with the same output as a run without it", () => {
    const home = mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    const args = [realImage("features"), "--ci", "--json", "-"];
    const uncached = run(args, home, { LAYERSCOPE_CODE_CACHE: "0" });
    expect([0, 1]).toContain(uncached.status); // 1: a rule failed
    expect(cacheFiles(home)).toEqual([]);

    const first = run(args, home);
    expect([first.status, first.stderr, first.stdout]).toEqual([uncached.status, uncached.stderr, uncached.stdout]);
    const files = cacheFiles(home);
    expect(files).toHaveLength(1);
    // keyed by the build id scripts/bundle.mjs writes on the bundle's first line, and by Node's version
    const build = /^\/\/ layerscope-build ([0-9a-f]{64})\n/.exec(readFileSync(join(root, "dist/bundle/cli.cjs"), "utf8"))?.[1];
    expect(build).toBeDefined();
    expect(files[0]).toContain(`cli-${build!.slice(0, 32)}-node${process.versions.node}-`);
    const written = statSync(files[0]).mtimeMs;

    const second = run(args, home);
    expect([second.status, second.stderr, second.stdout]).toEqual([uncached.status, uncached.stderr, uncached.stdout]);
    // accepted by V8, so not written again
    expect(statSync(files[0]).mtimeMs).toBe(written);

    const text = run([realImage("tiny")], home);
    expect(text.stdout).toBe(run([realImage("tiny")], home, { LAYERSCOPE_CODE_CACHE: "0" }).stdout);
  });

  it("keeps the caches of two builds apart", () => {
    const home = mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    // a copy of the package whose bundle has another build id (and one more line)
    const copy = mkdtempSync(join(tmpdir(), "layerscope-code-copy-"));
    mkdirSync(join(copy, "bin"));
    mkdirSync(join(copy, "dist/bundle"), { recursive: true });
    for (const file of ["bin/layerscope.js", "bin/package.json", "package.json", "dist/bundle/tuning.cjs", "dist/bundle/ui.cjs"]) writeFileSync(join(copy, file), readFileSync(join(root, file)));
    const source = readFileSync(join(root, "dist/bundle/cli.cjs"), "utf8");
    writeFileSync(join(copy, "dist/bundle/cli.cjs"), source.replace(/^\/\/ layerscope-build [0-9a-f]{64}\n/, `// layerscope-build ${"0".repeat(64)}\n// another build\n`));
    const args = [realImage("tiny"), "--ci", "--json", "-"];
    const ours = run(args, home);
    const env = { ...process.env, CI: "", NO_COLOR: "1", XDG_CACHE_HOME: home, LAYERSCOPE_CACHE_MAX: "", LAYERSCOPE_CODE_CACHE: "" };
    const theirs = spawnSync(process.execPath, [join(copy, "bin/layerscope.js"), ...args], { encoding: "utf8", env });
    expect(theirs.stdout).toBe(ours.stdout);
    const names = cacheFiles(home).map((file) => basename(file));
    expect(names).toHaveLength(2);
    expect(names.some((name) => name.startsWith(`cli-${"0".repeat(32)}-`))).toBe(true);
  });

  it("replaces a cache V8 refuses, and the run is unaffected", () => {
    const home = mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    const args = [realImage("tiny"), "--ci", "--json", "-"];
    const reference = run(args, home, { LAYERSCOPE_CODE_CACHE: "0" });
    run(args, home);
    const [file] = cacheFiles(home);
    writeFileSync(file, Buffer.alloc(statSync(file).size, 0x5a));
    const corrupt = run(args, home);
    expect([corrupt.status, corrupt.stderr, corrupt.stdout]).toEqual([reference.status, reference.stderr, reference.stdout]);
    expect(readFileSync(file).subarray(0, 64).equals(Buffer.alloc(64, 0x5a))).toBe(false);
    const again = run(args, home);
    expect(again.stdout).toBe(reference.stdout);
  });

  it("runs as usual when the cache directory cannot be written", () => {
    // root writes through permission bits; nobody can make a directory in /proc
    const asRoot = process.getuid?.() === 0;
    const home = asRoot ? "/proc/self/layerscope-cache" : mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    if (!asRoot) {
      mkdirSync(join(home, "layerscope"));
      chmodSync(join(home, "layerscope"), 0o500);
    }
    const args = [realImage("tiny"), "--ci", "--json", "-"];
    const result = run(args, home);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(cacheFiles(home)).toEqual([]);
  });

  it("runs as usual when the cache directory is a file", () => {
    const home = mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    writeFileSync(join(home, "layerscope"), "not a directory");
    const args = [realImage("tiny"), "--ci", "--json", "-"];
    const result = run(args, home);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(run(args, home, { LAYERSCOPE_CODE_CACHE: "0" }).stdout);
  });

  it("is neither read nor written with --no-cache, LAYERSCOPE_CODE_CACHE=0 or LAYERSCOPE_CACHE_MAX=0, nor by --help or --version", () => {
    const home = mkdtempSync(join(tmpdir(), "layerscope-code-cache-"));
    const image = realImage("tiny");
    expect(run([image, "--ci", "--no-cache"], home).status).toBe(0);
    expect(run([image, "--ci"], home, { LAYERSCOPE_CODE_CACHE: "0" }).status).toBe(0);
    expect(run([image, "--ci"], home, { LAYERSCOPE_CACHE_MAX: "0" }).status).toBe(0);
    expect(run(["--help"], home).stdout).toContain("Usage: layerscope");
    expect(run(["--version"], home).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(run(["/nonexistent/image.tar"], home).status).toBe(2);
    expect(cacheFiles(home)).toEqual([]);
  });
});
