import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { outcomeOf } from "./consistency.js";
import { CORPUS, type CorpusCase } from "./corpus.js";

async function analyzePath(path: string) {
  return outcomeOf(async () => {
    const source = await openImage(path);
    try {
      return await analyzeImage(source);
    } finally {
      await source.close();
    }
  });
}

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), "layerscope-corpus-"));
}

describe("broken and hostile images", () => {
  for (const corpusCase of CORPUS) {
    it(corpusCase.name, async () => {
      const { path, expected } = await corpusCase.build(freshDir());
      const outcome = await analyzePath(path);
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
});
