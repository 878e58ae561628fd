import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import type { Log, Result } from "sarif";
import { describe, expect, it } from "vitest";
import type { Hint } from "../../../src/analysis/hints/types.js";
import { pairImage } from "../../analysis/hints/pair-images.js";

const BIN = resolve("bin/layerscope.js");
const MULTITOOL_DIR = resolve("node_modules/@microsoft/sarif-multitool-linux");
// the SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it with its validator
const schema = JSON.parse(readFileSync(join(MULTITOOL_DIR, "sarif-2.1.0.json"), "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its default export arrives as the module object
const addFormats = formats.default;
addFormats(ajv);
const validateSchema = ajv.compile(schema);

const HINT_IMAGES = readdirSync(resolve("test/images")).filter((name) => name.startsWith("hint-")).sort();
const SECRET_VALUES = ["lab-secret-api-token", "lab-label-password", "npm_labSecretBuildArgToken"];

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, CI: "" }, maxBuffer: 64 << 20 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** SARIF and JSON of one real image with its own Dockerfile, as given relative to the repository root */
function reports(name: string): { sarif: Log; text: string; hints: Hint[] } {
  const out = mkdtempSync(join(tmpdir(), "layerscope-sarif-"));
  const dockerfile = `test/images/${name}/Dockerfile`;
  const sarifFile = join(out, "out.sarif");
  const { status, stdout, stderr } = run([pairImage(name), "--dockerfile", dockerfile, "--sarif", sarifFile, "--json", "-"]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  const text = readFileSync(sarifFile, "utf8");
  return { sarif: JSON.parse(text) as Log, text, hints: (JSON.parse(stdout) as { hints: Hint[] }).hints };
}

/** Errors that Microsoft's SARIF validator (Sarif.Multitool validate) reports, as its own SARIF log gives them */
function multitoolErrors(sarifTexts: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "layerscope-multitool-"));
  const files = sarifTexts.map((text, i) => {
    writeFileSync(join(dir, `in-${i}.sarif`), text);
    return join(dir, `in-${i}.sarif`);
  });
  const result = spawnSync(join(MULTITOOL_DIR, "Sarif.Multitool"), ["validate", ...files, "-o", join(dir, "out.sarif")], {
    encoding: "utf8",
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`${files.length} files scanned`);
  const log = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as Log;
  return (log.runs[0].results ?? [])
    .filter((r) => r.level === "error")
    .map((r) => `${r.locations?.[0].physicalLocation?.artifactLocation?.uri ?? "?"} ${r.ruleId}: ${r.message.text ?? ""}`);
}

/**
 * What GitHub's code scanning upload requires of each result's location, beyond the schema: a physical location
 * whose artifact URI is relative (no scheme) or a file: URI (another scheme is "unrecognized SARIF location URI
 * scheme"), and a region starting at a line from 1.
 */
function githubUploadProblems(log: Log): string[] {
  const problems: string[] = [];
  for (const result of log.runs.flatMap((r) => r.results ?? [])) {
    const physical = result.locations?.[0]?.physicalLocation;
    const uri = physical?.artifactLocation?.uri;
    if (uri === undefined || uri === "") problems.push(`${result.ruleId}: no physical location`);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith("file:")) problems.push(`${result.ruleId}: URI scheme of ${uri}`);
    if (!((physical?.region?.startLine ?? 0) >= 1)) problems.push(`${result.ruleId}: no start line`);
  }
  return problems;
}

const seen = new Map<string, string>();

describe("--sarif on the real hint images", () => {
  it.each(HINT_IMAGES)("%s: valid SARIF 2.1.0, one result per hint, on its Dockerfile line, no secret", (name) => {
    const { sarif, text, hints } = reports(name);
    expect(validateSchema(sarif), JSON.stringify(validateSchema.errors?.slice(0, 3))).toBe(true);
    seen.set(name, text);

    expect(sarif.runs).toHaveLength(1);
    const [runLog] = sarif.runs;
    const driver = runLog.tool.driver;
    expect(driver.name).toBe("layerscope");
    expect(driver.version).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
    expect(driver.rules?.map((rule) => rule.id)).toEqual([...new Set(hints.map((hint) => hint.id))].sort());
    for (const rule of driver.rules ?? []) {
      expect(rule.name && rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text).toBeTruthy();
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration?.level);
    }

    const results = runLog.results ?? [];
    expect(results).toHaveLength(hints.length);
    hints.forEach((hint, i) => {
      const result: Result = results[i];
      expect(result.ruleId).toBe(hint.id);
      expect(driver.rules?.[result.ruleIndex ?? -1]?.id).toBe(hint.id);
      expect(result.level).toBe({ error: "error", warning: "warning", info: "note" }[hint.severity]);
      expect(result.message.text).toContain(hint.message);
      const [location] = result.locations ?? [];
      expect(location.logicalLocations?.[0].name).toBe(hint.history !== undefined ? `history entry ${hint.history}` : `layer ${hint.layer}`);
      // every result has a physical location (code scanning refuses a file where one has none): the line, else line 1
      expect(location.physicalLocation?.artifactLocation?.uri).toBe(`test/images/${name}/Dockerfile`);
      expect(location.physicalLocation?.region?.startLine).toBe(hint.line ?? 1);
    });
    expect(githubUploadProblems(sarif)).toEqual([]);
    const fingerprints = results.map((result) => result.partialFingerprints?.["layerscopeHint/v1"]);
    expect(new Set(fingerprints).size).toBe(results.length);
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
  });

  it("Microsoft's SARIF validator finds no error in any of them", () => {
    expect([...seen.keys()]).toEqual(HINT_IMAGES);
    // a broken copy proves the validator reads what it is given
    const broken = JSON.parse(seen.get("hint-secrets")!) as Log;
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startLine = 0;
    const errors = multitoolErrors([...seen.values(), JSON.stringify(broken)]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((error) => !error.includes(`in-${HINT_IMAGES.length}.sarif`))).toEqual([]);
  });

  it("hint-secrets: the secrets are results on their lines, and a second run gives the same fingerprints", () => {
    const first = reports("hint-secrets");
    const lines = (first.sarif.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation?.region?.startLine);
    expect(first.sarif.runs[0].results?.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["secret-env", "secret-label", "secret-build-arg", "secret-file"]));
    expect(lines.every((line) => typeof line === "number")).toBe(true);
    const second = reports("hint-secrets");
    const prints = (log: Log) => log.runs[0].results?.map((r) => r.partialFingerprints);
    expect(prints(second.sarif)).toEqual(prints(first.sarif));
  });

  it("without a Dockerfile every result points at line 1 of the image file; --sarif - writes to stdout", () => {
    const image = pairImage("hint-secrets");
    const { status, stdout } = run([image, "--sarif", "-"]);
    expect(status).toBe(0);
    const log = JSON.parse(stdout) as Log;
    expect(validateSchema(log)).toBe(true);
    expect(githubUploadProblems(log)).toEqual([]);
    const results = log.runs[0].results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["secret-env", "secret-label", "secret-build-arg", "secret-file"]));
    for (const result of results) {
      // the image lies outside the working directory: a file: URI
      expect(result.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: pathToFileURL(image).href }, region: { startLine: 1 } });
    }
    const env = results.find((r) => r.ruleId === "secret-env")!;
    expect(env.locations?.[0].logicalLocations?.[0]).toEqual({ name: "history entry 2", fullyQualifiedName: "history entry 2 (ENV API_TOKEN)", kind: "resource" });
    const file = results.find((r) => r.ruleId === "secret-file" && r.level === "error")!;
    expect(file.locations?.[0].logicalLocations?.[0].fullyQualifiedName).toMatch(/^layer 2 \(sha256:[a-f0-9]{64}\)$/);
  });

  it("oci:DIR:latest: the layout directory is the artifact", () => {
    const cwd = mkdtempSync(join(tmpdir(), "layerscope-sarif-ref-"));
    const layout = pairImage("hint-secrets", "oci");
    const result = spawnSync(process.execPath, [BIN, `oci:${layout}:latest`, "--sarif", "-"], { cwd, encoding: "utf8", env: { ...process.env, CI: "" } });
    expect(result.status).toBe(0);
    const log = JSON.parse(result.stdout) as Log;
    expect(githubUploadProblems(log)).toEqual([]);
    expect(log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri).toBe(pathToFileURL(layout).href);
  });

  it("diff --sarif holds HEAD's new hints only", () => {
    const base = pairImage("hint-nosecrets");
    const head = pairImage("hint-secrets");
    const { status, stdout } = run(["diff", base, head, "--dockerfile", "test/images/hint-secrets/Dockerfile", "--sarif", "-"]);
    expect(status).toBe(0);
    const log = JSON.parse(stdout) as Log;
    expect(validateSchema(log)).toBe(true);
    const diff = run(["diff", base, head, "--dockerfile", "test/images/hint-secrets/Dockerfile", "--json", "-"]);
    const newHints = (JSON.parse(diff.stdout) as { hints: { new: Hint[] } }).hints.new;
    expect(newHints.length).toBeGreaterThan(0);
    expect(log.runs[0].results?.map((r) => [r.ruleId, r.locations?.[0].physicalLocation?.region?.startLine])).toEqual(
      newHints.map((hint) => [hint.id, hint.line]),
    );
    for (const value of SECRET_VALUES) expect(stdout).not.toContain(value);
  });
});
