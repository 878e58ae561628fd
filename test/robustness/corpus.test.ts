import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeReference, outcomeOf } from "./consistency.js";
import { CORPUS, type CorpusCase } from "./corpus.js";
import { writeRawImage } from "./raw-image.js";
import { rawFile, rawTar } from "./raw-tar.js";

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), "layerscope-corpus-"));
}

describe("broken and hostile images", () => {
  for (const corpusCase of CORPUS) {
    it(corpusCase.name, async () => {
      const { path, expected } = await corpusCase.build(freshDir());
      const outcome = await outcomeOf(() => analyzeReference(path));
      if ("error" in expected) {
        expect(outcome.kind === "error" ? outcome.message : "a result").toBe(expected.error);
      } else {
        expect(outcome.kind === "error" ? outcome.message : "a result").toBe("a result");
        if (outcome.kind === "result") expected.check(outcome.analysis);
      }
    });
  }
});

const CLI_CASES = [
  "cut inside content (docker-archive)",
  "not a tar (oci-layout)",
  "manifest.json that is not JSON",
  "a manifest naming a missing layer",
  "an OCI layer blob that does not match its digest",
  "a truncation message names the member with its control characters escaped (docker-archive)",
];

function corpusCase(name: string): CorpusCase {
  const found = CORPUS.find((c) => c.name === name);
  if (!found) throw new Error(`no corpus case ${name}`);
  return found;
}

describe("the CLI on broken images", () => {
  for (const name of CLI_CASES) {
    it(`prints one line and exits 2: ${name}`, async () => {
      const { path, expected } = await corpusCase(name).build(freshDir());
      const run = spawnSync(process.execPath, ["bin/layerscope.js", path, "--json", "-"], { encoding: "utf8", env: { ...process.env, CI: "" } });
      expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({
        status: 2,
        stderr: `layerscope: ${"error" in expected ? expected.error : ""}\n`,
        stdout: "",
      });
    });
  }

  it("reports a hostile but readable image with exit 0 and paths inside the image", async () => {
    const { path } = await corpusCase("../ and absolute paths stay inside the image (oci-layout)").build(freshDir());
    const run = spawnSync(process.execPath, ["bin/layerscope.js", "ls", path], { encoding: "utf8" });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: ["d 0 0755 0:0 /abs", "f 1 0644 0:0 /abs/file", "f 1 0644 0:0 /b", "f 1 0644 0:0 /c", "d 0 0755 0:0 /etc", "f 1 0644 0:0 /etc/passwd", ""].join("\n"),
      stderr: "",
    });
  });

  it("escapes terminal control sequences in names in the text and Markdown reports", async () => {
    const evil = "cache/evil\u001b]0;title\u0007\u001b[2J\nforged";
    const built = await writeRawImage([rawTar([rawFile(evil, Buffer.alloc(5000))]), rawTar([rawFile(evil, "x")])], { format: "docker-archive", dir: freshDir() });
    for (const args of [["--no-color"], ["--markdown", "-"]]) {
      const run = spawnSync(process.execPath, ["bin/layerscope.js", built.path, ...args], { encoding: "utf8", env: { ...process.env, CI: "" } });
      expect(run.status).toBe(0);
      expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(run.stdout).toMatch(/\/cache\/evil\\+x1b/);
    }
  });
});

