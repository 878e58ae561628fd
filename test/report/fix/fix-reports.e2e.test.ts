import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import type { Log } from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/build-store.js";
import { pairImage } from "../../analysis/hints/pair-images.js";
import { tempDirs } from "../../helpers/temp-dirs.js";

// fix's reports on a real image (hint-chmod-run: a COPY and a RUN whose chmod/chown re-emit the files): the text
// report, JSON, Markdown and SARIF tell the same fix, and SARIF's replacements make the same file as the patch.

const makeDir = tempDirs();
const env = { ...process.env, CI: "", NO_COLOR: "1", LAB_IMAGES_DIR: resolve(process.cwd(), "test/images") };
const schema = JSON.parse(readFileSync(resolve("node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"), "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(formats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
const validate = ajv.compile(schema);

let context: string;
let out: string;
let run: ReturnType<typeof runCli>;

beforeAll(() => {
  context = join(makeDir("layerscope-fix-reports-"), "ctx");
  cpSync(resolve(process.cwd(), "test/images/hint-chmod-run"), context, { recursive: true });
  out = makeDir("layerscope-fix-out-");
  const image = `oci:${pairImage("hint-chmod-run", "oci")}`;
  run = runCli(["fix", context, "--image", image, "--json", join(out, "fix.json"), "--markdown", join(out, "fix.md"), "--sarif", join(out, "fix.sarif")], { ...env }, { cwd: context });
});

interface FixJson {
  fixes: Array<{ rule: string; line: number; hints: Array<{ id: string; line: number; bytes: number }>; expectedBytes: number; patch: string }>;
  patch: string;
}

describe("fix reports", () => {
  it("stdout is the patch, stderr the text report; the JSON ties the fix to its hint and carries the same patch", () => {
    expect(run.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "fix.json"), "utf8")) as FixJson;
    expect(json.patch).toBe(run.stdout);
    expect(json.fixes.map((fix) => [fix.rule, fix.line, fix.hints.map((hint) => [hint.id, hint.line])])).toEqual([["metadata-where-written", 6, [["metadata-reemit", 6]]]]);
    expect(json.fixes[0].expectedBytes).toBe(json.fixes[0].hints[0].bytes);
    expect(json.fixes[0].patch).toBe(run.stdout); // one fix: its own patch is the whole patch
    expect(run.stderr).toMatch(/metadata-where-written \(line 6\) fixes metadata-reemit: expected \d/);
  });

  it("Markdown: the fix's row and the patch in a diff block", () => {
    const md = readFileSync(join(out, "fix.md"), "utf8");
    expect(md).toContain("| `metadata-where-written` | 6 | `metadata-reemit` |");
    expect(md).toContain("```diff\n" + run.stdout.trimEnd() + "\n```");
  });

  it("SARIF: valid 2.1.0; the hint's fix replaces regions of the Dockerfile into what the patch makes", () => {
    const log = JSON.parse(readFileSync(join(out, "fix.sarif"), "utf8")) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const result = log.runs[0].results!.find((r) => r.ruleId === "metadata-reemit")!;
    const change = result.fixes![0].artifactChanges[0];
    expect(change.artifactLocation.uri).toBe("Dockerfile");
    const original = readFileSync(join(context, "Dockerfile"), "utf8");
    const lines = original.split("\n");
    const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
    const edits = change.replacements.map((r) => ({
      start: offset(r.deletedRegion.startLine!, r.deletedRegion.startColumn!),
      end: offset(r.deletedRegion.endLine!, r.deletedRegion.endColumn!),
      text: r.insertedContent?.text ?? "",
    }));
    let replaced = original;
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) replaced = replaced.slice(0, edit.start) + edit.text + replaced.slice(edit.end);
    const patched = spawnSync("patch", ["-p1", "-o", "-"], { cwd: context, input: run.stdout, encoding: "utf8" });
    expect(replaced).toBe(patched.stdout);
  });

  it("--write changes the Dockerfile in place into what the patch makes, says so, and leaves no temporary file", () => {
    const copy = join(makeDir("layerscope-fix-write-"), "ctx");
    cpSync(context, copy, { recursive: true });
    const expected = spawnSync("patch", ["-p1", "-o", "-"], { cwd: copy, input: run.stdout, encoding: "utf8" }).stdout;
    const image = `oci:${pairImage("hint-chmod-run", "oci")}`;
    const written = runCli(["fix", copy, "--image", image, "--write"], env, { cwd: copy });
    expect(written.status).toBe(0);
    expect(written.stdout).toMatch(/^ {2}wrote Dockerfile$/m);
    expect(readFileSync(join(copy, "Dockerfile"), "utf8")).toBe(expected);
    expect(readdirSync(copy).filter((name) => name.includes("layerscope"))).toEqual([]); // no temporary file left
  });
});
