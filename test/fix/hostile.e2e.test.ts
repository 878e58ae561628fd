import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/build-store.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// fix on hostile Dockerfiles, against a real image (apt-nocleanup, whose one RUN leaves apt lists and caches):
// one line and exit 2, or an untouched file with the reason, quickly; odd but valid files get a patch that applies.

const makeDir = tempDirs();
const env = { ...process.env, CI: "", NO_COLOR: "1" };
let image: string;
const RUN = "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates";

beforeAll(() => {
  image = `oci:${realImage("apt-nocleanup", "oci")}`;
});

function contextWith(dockerfile: string | Buffer): string {
  const dir = join(makeDir("layerscope-fix-hostile-"), "ctx");
  mkdirSync(dir);
  writeFileSync(join(dir, "Dockerfile"), dockerfile);
  return dir;
}

function fix(context: string) {
  const start = performance.now();
  const run = runCli(["fix", context, "--image", image], env);
  return { ...run, ms: performance.now() - start, lines: run.stderr.split("\n").filter((line) => line.startsWith("layerscope: ")) };
}

function applies(context: string, patch: string): string {
  const result = spawnSync("patch", ["-p1"], { cwd: context, input: patch, encoding: "utf8" });
  expect(result.status, result.stderr + result.stdout).toBe(0);
  return readFileSync(join(context, "Dockerfile"), "utf8");
}

describe("fix: hostile Dockerfiles", () => {
  it.each([
    ["100,000 lines", `FROM localhost/lab/base:bookworm\n${Array.from({ length: 100_000 }, (_, i) => `RUN echo ${i}`).join("\n")}\n`],
    ["a 1 MB RUN", `FROM localhost/lab/base:bookworm\nRUN true${" && echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaa".repeat(30_000)}\n`],
  ])("%s: one line, exit 2, within a second", (_name, text) => {
    const run = fix(contextWith(text));
    expect(run.lines).toEqual([
      expect.stringMatching(/^layerscope: \S+\/ctx\/Dockerfile: the Dockerfile has \d+ bytes: fix rewrites Dockerfiles up to 262144 bytes$/),
    ]);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.ms).toBeLessThan(1000);
  });

  it("a carriage return that ends no line: one line, exit 2", () => {
    const run = fix(contextWith(`FROM localhost/lab/base:bookworm\r${RUN}\n`));
    expect(run.lines).toEqual([expect.stringMatching(/^layerscope: \S+\/ctx\/Dockerfile: the Dockerfile has carriage returns that do not end a line$/)]);
    expect(run.status).toBe(2);
  });

  it("an unterminated heredoc and a backtick escape: untouched, with the reason", () => {
    const heredoc = fix(
      contextWith(`FROM localhost/lab/base:bookworm\nRUN <<EOF\napt-get update && apt-get install -y --no-install-recommends curl ca-certificates\n`),
    );
    expect([heredoc.status, heredoc.stdout, heredoc.lines]).toEqual([0, "", []]);
    expect(heredoc.stderr).toMatch(/apt-lists \(line 2\): the RUN at line 2 has a heredoc: left as it is/);
    const backtick = fix(
      contextWith(
        `# escape=\`\nFROM localhost/lab/base:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends \`\n    curl ca-certificates\n`,
      ),
    );
    expect([backtick.status, backtick.stdout, backtick.lines]).toEqual([0, "", []]);
    expect(backtick.stderr).toMatch(/the Dockerfile's escape character is `: RUN lines left as they are/);
  });

  it("CRLF line ends: the patch keeps them and applies", () => {
    const text = `FROM localhost/lab/base:bookworm\r\n${RUN}\r\nCMD ["curl", "--version"]\r\n`;
    const context = contextWith(text);
    const run = fix(context);
    expect(run.status).toBe(0);
    expect(applies(context, run.stdout)).toBe(text.replace(`${RUN}\r\n`, `${RUN} && apt-get clean && rm -rf /var/lib/apt/lists/*\r\n`));
  });

  it("an image not built from the Dockerfile: one line, exit 2 (no fix aimed at lines that made none of its layers)", () => {
    const run = fix(contextWith("FROM localhost/lab/base:bookworm\nCOPY . /app\nRUN apt-get update && apt-get install -y --no-install-recommends jq\n"));
    expect(run.lines).toEqual([
      expect.stringMatching(/^layerscope: oci:\S+ was not built from \S+\/ctx\/Dockerfile: no layer's command is one of its instructions$/),
    ]);
    expect([run.status, run.stdout]).toEqual([2, ""]);
  });

  it("a --build-arg without a name: one line, exit 2, as build says", () => {
    const run = runCli(["fix", contextWith(`FROM localhost/lab/base:bookworm\n${RUN}\n`), "--image", image, "--build-arg", "=x"], env);
    expect([run.status, run.stdout, run.stderr]).toEqual([2, "", 'layerscope: --build-arg wants NAME=VALUE, not "=x"\n']);
  });

  it("a report that cannot be written: one line and exit 2 before anything else, and --write leaves the Dockerfile as it was", () => {
    const text = `FROM localhost/lab/base:bookworm\n${RUN}\n`;
    const context = contextWith(text);
    const missing = join(context, "no-such-dir", "fix.json");
    const start = performance.now();
    const run = runCli(["fix", context, "--image", image, "--write", "--json", missing], env);
    expect(run.stderr.trim()).toBe(`layerscope: cannot write report ${missing}: no such file or directory (ENOENT)`);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(performance.now() - start).toBeLessThan(1000); // before the image is read
    expect(readFileSync(join(context, "Dockerfile"), "utf8")).toBe(text);
  });

  it("a Dockerfile outside the context (-f ../Dockerfile.prod): the patch starts at the folder that holds both, and applies there", () => {
    const context = contextWith("");
    const parent = join(context, "..");
    const text = `FROM localhost/lab/base:bookworm\n${RUN}\n`;
    writeFileSync(join(parent, "Dockerfile.prod"), text);
    const run = runCli(["fix", context, "-f", join(parent, "Dockerfile.prod"), "--image", image], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/Dockerfile\.prod\n\+\+\+ b\/Dockerfile\.prod\n/);
    expect(run.stderr).toContain(`the patch's paths start at ${parent}, which holds the Dockerfile and the context: apply it there`);
    const result = spawnSync("patch", ["-p1"], { cwd: parent, input: run.stdout, encoding: "utf8" });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(readFileSync(join(parent, "Dockerfile.prod"), "utf8")).toBe(text.replace(`${RUN}\n`, `${RUN} && apt-get clean && rm -rf /var/lib/apt/lists/*\n`));
  });

  it("a byte order mark, comments and blank lines inside a continued RUN: kept, the new commands in the RUN's layout", () => {
    const text = [
      "\ufeff# syntax=docker/dockerfile:1",
      "FROM localhost/lab/base:bookworm",
      "RUN apt-get update \\",
      "    # the packages",
      "    && apt-get install -y --no-install-recommends \\",
      "       curl ca-certificates",
      'CMD ["curl", "--version"]',
      "",
    ].join("\n");
    const context = contextWith(text);
    const run = fix(context);
    expect(run.status).toBe(0);
    const patched = applies(context, run.stdout);
    expect(patched).toBe(
      text.replace("curl ca-certificates\n", "curl ca-certificates \\\n       && apt-get clean \\\n       && rm -rf /var/lib/apt/lists/*\n"),
    );
  });
});
