/**
 * The npm package as a user gets it: `npm pack` of a clean copy of the project (prepack builds it), `npm install -g`
 * of the tarball into a fresh prefix, then the installed command on real images, and the library imported from a
 * separate project (plain JS, TypeScript against the shipped declarations, and the README's example as printed).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";
import { copyProject } from "../helpers/project-copy.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const root = process.cwd();
const tempDir = tempDirs();
const demoImage = "fixtures/demo/demo-image.tar";
let tarball = "";
let prefix = "";
let installed = ""; // PREFIX/lib/node_modules/layerscope
let command = ""; // PREFIX/bin/layerscope

// No CI in the environment: the installed command must behave as on a user's terminal unless told otherwise.
const env = { ...process.env, CI: "", NO_COLOR: "1", npm_config_audit: "false", npm_config_fund: "false" };

function run(file: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(file, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
}

function ok(result: SpawnSyncReturns<string>): string {
  expect(result.error).toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The project as a fresh clone has it, with this checkout's node_modules (nothing is installed). */
function cleanCopy(): string {
  const copy = copyProject(root, tempDir("layerscope-clone-"));
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  return copy;
}

beforeAll(() => {
  const copy = cleanCopy();
  const packDir = tempDir("layerscope-pack-");
  ok(run("npm", ["pack", "--pack-destination", packDir], copy));
  const packed = readdirSync(packDir).filter((name) => name.endsWith(".tgz"));
  expect(packed).toHaveLength(1);
  tarball = join(packDir, packed[0]);
  prefix = tempDir("layerscope-prefix-");
  ok(run("npm", ["install", "-g", "--prefer-offline", "--prefix", prefix, tarball], packDir));
  installed = join(prefix, "lib/node_modules/layerscope");
  command = join(prefix, "bin/layerscope");
}, 900_000);

describe("the packed tarball", () => {
  it("holds the built code, bin, declarations, README, LICENSE and the demo image; no sources, no tests", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    const files = listing.map((path) => path.replace(/^package\//, ""));
    for (const file of ["bin/layerscope.js", "dist/bundle/cli.cjs", "dist/bundle/ui.cjs", "dist/bundle/index.js", "dist/index.d.ts", "README.md", "LICENSE", demoImage, "package.json"]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => /^(src|test|scripts)\//.test(file) || /\.test\.|\.tsx?$/.test(file.replace(/\.d\.ts$/, "")))).toEqual([]);
    // the tsc output is the reference path for tests; the package ships the bundle, the declarations and the HTML
    // report's page asset
    expect(files).toContain("dist/html-page.json");
    expect(files.filter((file) => file.startsWith("dist/") && !file.startsWith("dist/bundle/") && !file.endsWith(".d.ts") && file !== "dist/html-page.json")).toEqual([]);
  });
});

describe("the installed command", () => {
  it("prints the package's version", () => {
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    expect(ok(run(command, ["--version"], prefix)).trim()).toBe(version);
  });

  it("analyses the demo image it ships: text report and JSON equal to those of the project's own build", () => {
    const image = join(installed, demoImage);
    const text = ok(run(command, [image, "--no-color"], prefix));
    expect(text).toMatch(/efficiency/i);
    const shipped = JSON.parse(ok(run(command, [image, "--json", "-"], prefix))) as { image: { fileCount: number } };
    const reference = JSON.parse(ok(run(process.execPath, ["bin/layerscope.js", image, "--json", "-"], root))) as unknown;
    expect(shipped).toEqual(reference);
    expect(shipped.image.fileCount).toBeGreaterThan(0);
  });

  it("fixes a real image's Dockerfile: the shell parser's WebAssembly is found beside the installed bundle", () => {
    const context = tempDir("layerscope-fix-context-");
    const dockerfile = readFileSync(join(root, "../shared/realimages/images/apt-nocleanup/Dockerfile"), "utf8");
    writeFileSync(join(context, "Dockerfile"), dockerfile);
    const patch = ok(run(command, ["fix", context, "--image", `oci:${realImage("apt-nocleanup", "oci")}`], prefix));
    expect(patch).toMatch(/^\+RUN apt-get update .* && apt-get clean && rm -rf \/var\/lib\/apt\/lists\/\*$/m);
  });

  it("analyses a real image in CI mode, writes its HTML report, and diffs two real images", () => {
    const tiny = realImage("tiny");
    const features = realImage("features");
    const report = JSON.parse(ok(run(command, [tiny, "--ci", "--json", "-"], prefix))) as { image: { layerCount: number }; rules: unknown[] };
    expect(report.image.layerCount).toBeGreaterThan(0);
    expect(report.rules.length).toBeGreaterThan(0);
    const html = join(prefix, "tiny.html");
    ok(run(command, [tiny, "--html", html], prefix));
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>[\s\S]*<script[\s\S]*<\/html>\s*$/i); // the page asset is found in the installed layout
    const diff = run(command, ["diff", tiny, features, "--json", "-"], prefix);
    expect(diff.status, diff.stderr).toBe(0);
    const parsed = JSON.parse(diff.stdout) as { base: { reference: string }; head: { reference: string } };
    expect([parsed.base.reference, parsed.head.reference]).toEqual([tiny, features]);
  });

  it("gives one line and exit 2 on a missing image, never a stack trace", () => {
    const result = run(command, [join(prefix, "missing.tar")], prefix);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^layerscope: /);
  });

  it("runs through npx --package from the tarball", () => {
    const cache = tempDir("layerscope-npx-");
    const result = spawnSync("npx", ["--yes", "--prefer-offline", "--package", tarball, "layerscope", "--version"], {
      cwd: cache,
      env: { ...env, npm_config_cache: join(cache, "cache"), npm_config_prefer_offline: "true" },
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.skipIf(spawnSync("tmux", ["-V"], { stdio: "ignore" }).status !== 0)("shows the UI in a terminal (tmux) and quits on q", async () => {
    const socket = `layerscope-pkg-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
    const image = join(installed, demoImage);
    tmux("new-session", "-d", "-s", "pkg", "-x", "120", "-y", "40", `env -u CI TERM=xterm-256color ${command} ${image}; echo "layerscope exited $?"; sleep 60`);
    try {
      const until = async (text: string): Promise<string> => {
        const deadline = Date.now() + 120_000;
        let screen = "";
        while (Date.now() < deadline) {
          screen = tmux("capture-pane", "-p", "-t", "pkg");
          if (screen.includes(text) && !screen.includes("building")) return screen;
          await new Promise((done) => setTimeout(done, 100));
        }
        throw new Error(`timed out waiting for ${text}; screen:\n${screen}`);
      };
      const screen = await until("Filetree");
      expect(screen).toContain("Layer 0 contents");
      tmux("send-keys", "-t", "pkg", "q");
      expect(await until("layerscope exited 0")).not.toContain("Filetree");
    } finally {
      spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
    }
  });
});

describe("the library, imported from another project", () => {
  let project = "";
  beforeAll(() => {
    project = tempDir("layerscope-consumer-");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", type: "module", private: true }));
    ok(run("npm", ["install", "--prefer-offline", tarball], project));
  }, 600_000);

  it("runs the README's Library API example as printed, with the CLI's figures", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.split(/^## Library API$/m)[1]?.split(/^## /m)[0] ?? "";
    const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example, "README: ## Library API has a ```js example").toBeDefined();
    writeFileSync(join(project, "top-waste.mjs"), example!);
    const image = realImage("apt-split-cleanup");
    const output = ok(run(process.execPath, ["top-waste.mjs", image], project)).trim().split("\n");

    const report = JSON.parse(ok(run(command, [image, "--json", "-"], prefix))) as { image: { efficiency: number; wastedBytes: number }; waste: { path: string; bytes: number; kind: string }[] };
    expect(output[0]).toBe(`efficiency ${(report.image.efficiency * 100).toFixed(1)} %, ${report.image.wastedBytes} bytes wasted`);
    expect(output.slice(1)).toEqual(report.waste.slice(0, 5).map((item) => `${item.bytes}\t${item.kind}\t${item.path}`));
    expect(output.length).toBeGreaterThan(1);
  });

  it("type-checks a TypeScript user of the declarations (strict, no skipLibCheck) and runs it", () => {
    writeFileSync(join(project, "check.ts"), [
      'import { analyzeImage, diffImages, ImageError, openImage, type JsonReport, type WasteItem } from "layerscope";',
      "",
      "async function analyse(reference: string) {",
      "  const source = await openImage(reference);",
      "  try {",
      "    return await analyzeImage(source);",
      "  } finally {",
      "    await source.close();",
      "  }",
      "}",
      "const [a, b] = [await analyse(process.argv[2]), await analyse(process.argv[3])];",
      "const top: WasteItem[] = b.summary.waste.slice(0, 1);",
      "const diff = diffImages(a, b);",
      'const report: Pick<JsonReport, "image" | "layers"> = { image: b.summary.image, layers: b.summary.layers };',
      "let missing = \"\";",
      "try {",
      '  await openImage("/nonexistent/image.tar");',
      "} catch (error) {",
      "  if (error instanceof ImageError) missing = error.message;",
      "}",
      "console.log(JSON.stringify({ layers: report.layers.length, top: top.length, delta: diff.size.total.delta, missing }));",
      "",
    ].join("\n"));
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const compiled = run(process.execPath, [
      tsc, "--strict", "--noEmitOnError", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext",
      "--types", "node", "--typeRoots", join(root, "node_modules/@types"), "check.ts",
    ], project);
    expect(compiled.status, compiled.stdout + compiled.stderr).toBe(0);
    const [tiny, features] = [realImage("tiny"), realImage("features")];
    const result = JSON.parse(ok(run(process.execPath, ["check.js", tiny, features], project))) as { layers: number; delta: number; missing: string };
    const reports = [tiny, features].map((image) => JSON.parse(ok(run(command, [image, "--json", "-"], prefix))) as { image: { totalBytes: number; layerCount: number } });
    expect(result.layers).toBe(reports[1].image.layerCount);
    expect(result.delta).toBe(reports[1].image.totalBytes - reports[0].image.totalBytes);
    expect(result.missing).toContain("/nonexistent/image.tar");
  }, 600_000); // tsc and two analyses: minutes on a loaded machine

  it("resolves only through the package's exports (no deep imports into its layout)", () => {
    const result = run(process.execPath, ["--input-type=module", "-e", 'await import("layerscope/dist/bundle/index.js")'], project);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect(resolve(project, "node_modules/layerscope/package.json")).toSatisfy(existsSync);
  });
});
