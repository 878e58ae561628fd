import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { CORPUS, type CorpusCase } from "./corpus.js";
import { digestOf, writeHandLayout } from "./hand-layout.js";
import { writeArchive, writeRawImage } from "./raw-image.js";
import { rawFile, rawTar } from "./raw-tar.js";

// Broken and hostile images through the built CLI: cases of the corpus (corpus.slow.test.ts reads them all through the
// library), the layer cache of `ls`, terminal escapes in tags.
const temp = tempDirs();
const freshDir = () => temp("layerscope-corpus-");

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["bin/layerscope.js", ...args], { encoding: "utf8", env: { ...process.env, CI: "", ...env } });
}

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
      const run = cli([path, "--json", "-"]);
      expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({
        status: 2,
        stderr: `layerscope: ${"error" in expected ? expected.error : ""}\n`,
        stdout: "",
      });
    });
  }

  it("reports a hostile but readable image with exit 0 and paths inside the image", async () => {
    const { path } = await corpusCase("../ and absolute paths stay inside the image (oci-layout)").build(freshDir());
    const run = cli(["ls", path]);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: ["d 0 0755 0:0 /abs", "f 1 0644 0:0 /abs/file", "f 1 0644 0:0 /b", "f 1 0644 0:0 /c", "d 0 0755 0:0 /etc", "f 1 0644 0:0 /etc/passwd", ""].join(
        "\n",
      ),
      stderr: "",
    });
  });

  it("escapes terminal control sequences in names in the text and Markdown reports", async () => {
    const evil = "cache/evil\u001b]0;title\u0007\u001b[2J\nforged";
    const built = await writeRawImage([rawTar([rawFile(evil, Buffer.alloc(5000))]), rawTar([rawFile(evil, "x")])], {
      format: "docker-archive",
      dir: freshDir(),
    });
    for (const args of [["--no-color"], ["--markdown", "-"]]) {
      const run = cli([built.path, ...args]);
      expect(run.status).toBe(0);
      expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(run.stdout).toMatch(/\/cache\/evil\\+x1b/);
    }
  });
});

describe("the layer cache of ls", () => {
  const LEGIT = rawTar([rawFile("etc/motd", "hello")]);

  it("ls honours --no-cache and --verify, written after the image as for the main command", () => {
    const layout = writeHandLayout([{ blob: LEGIT }]);
    const home = temp("layerscope-lscache-");
    const env = { XDG_CACHE_HOME: home };
    expect(cli(["ls", layout.dir, "--no-cache"], env).status).toBe(0);
    expect(existsSync(join(home, "layerscope"))).toBe(false);
    // a cache entry that disagrees with the layer: only a run that reads the cache can show it
    const cache = new FileLayerCache({ dir: join(home, "layerscope"), maxBytes: 2 ** 30 });
    const forged = [
      { path: "forged", type: "file" as const, mode: 0o644, uid: 0, gid: 0, size: 1, mtime: 0, linkname: "", devmajor: 0, devminor: 0, dataOffset: 512 },
    ];
    return cache.put(layout.layerDigests[0], forged).then(() => {
      expect(cli(["ls", layout.dir], env).stdout).toBe("f 1 0644 0:0 /forged\n");
      expect(cli(["ls", layout.dir, "--verify"], env).stdout).toBe("d 0 0755 0:0 /etc\nf 5 0644 0:0 /etc/motd\n");
      expect(cli(["ls", layout.dir, "--no-cache"], env).stdout).toBe("d 0 0755 0:0 /etc\nf 5 0644 0:0 /etc/motd\n");
    });
  });
});

describe("terminal escapes in tags", () => {
  it("escapes ESC, BEL and bidi overrides of a RepoTags tag in the text report, Markdown and JSON", async () => {
    const tag = "evil\u001b]0;owned\u0007\u001b[2J:\u202egnp.exe";
    const layer = rawTar([rawFile("f", "x")]);
    const config = Buffer.from(
      JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [digestOf(layer)] }, history: [{ created_by: "x" }] }),
    );
    const path = await writeArchive([
      { name: "layer.tar", content: layer },
      { name: "config.json", content: config },
      { name: "manifest.json", content: Buffer.from(JSON.stringify([{ Config: "config.json", RepoTags: [tag], Layers: ["layer.tar"] }])) },
    ]);
    for (const args of [["--no-color"], ["--markdown", "-"], ["--json", "-"]]) {
      const run = cli([path, ...args]);
      expect(run.status).toBe(0);
      expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(run.stdout).toMatch(
        args[0] === "--json" ? /evil\\u001b\]0;owned\\u0007\\u001b\[2J:\\u202egnp/ : /evil\\+x1b\\*\]0;owned\\+x07\\+x1b\\*\[2J:\\+u202egnp/,
      );
    }
  });
});
