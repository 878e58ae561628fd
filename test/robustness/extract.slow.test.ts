import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildImage } from "../helpers/build-image.js";
import { runInProcess } from "../helpers/cli-io.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { CORPUS } from "./corpus.js";
import { writeRawImage } from "./raw-image.js";
import { rawFile, rawTar } from "./raw-tar.js";

const temp = tempDirs();

/** A directory to extract into, alone in a parent that must stay as it is (nothing written beside it). */
function sandbox(): { parent: string; out: string } {
  const parent = temp("layerscope-extract-");
  mkdirSync(join(parent, "outside"));
  writeFileSync(join(parent, "outside", "victim"), "untouched\n");
  return { parent, out: join(parent, "out") };
}

function outsideIntact(parent: string): void {
  expect(readdirSync(parent).sort()).toEqual(["out", "outside"]);
  expect(readdirSync(join(parent, "outside"))).toEqual(["victim"]);
  expect(readFileSync(join(parent, "outside", "victim"), "utf8")).toBe("untouched\n");
}

describe("extract from a hostile image", () => {
  it("keeps names that climb out of the root inside the directory", async () => {
    const { parent, out } = sandbox();
    const layer = rawTar([
      rawFile("../../outside/victim", "climbed\n"),
      rawFile("/abs/file", "absolute\n"),
      rawFile("a/../../../outside/b", "dots\n"),
      { header: { name: "up", typeflag: "2", linkname: "../../outside" } },
    ]);
    const image = await writeRawImage([layer], { format: "docker-archive", dir: temp("layerscope-hostile-") });
    const run = await runInProcess(["extract", image.path, "/", "-o", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    outsideIntact(parent);
    expect(readFileSync(join(out, "outside/victim"), "utf8")).toBe("climbed\n");
    expect(readFileSync(join(out, "abs/file"), "utf8")).toBe("absolute\n");
    expect(readFileSync(join(out, "outside/b"), "utf8")).toBe("dots\n");
    // the image's symlink is made as it is, and never followed
    expect(readlinkSync(join(out, "up"))).toBe("../../outside");
  });

  it("never writes through a symlink, of the image or already in the directory", async () => {
    const { parent, out } = sandbox();
    const outside = join(parent, "outside");
    const image = await buildImage(
      {
        layers: [
          [
            { path: "etc", type: "symlink", linkname: outside },
            { path: "hl", type: "hardlink", linkname: "../../../outside/victim" },
          ],
          [
            { path: "etc/victim", content: "through the link\n" },
            { path: "etc2", type: "symlink", linkname: outside },
          ],
        ],
      },
      { format: "oci-layout", dir: temp("layerscope-hostile-") },
    );
    const run = await runInProcess(["extract", image.path, "/", "-o", out]);
    expect(run.status).toBe(0);
    outsideIntact(parent);
    // a later layer's file under the symlink's name made it a directory in the image
    expect(readFileSync(join(out, "etc/victim"), "utf8")).toBe("through the link\n");
    expect(lstatSync(join(out, "etc2")).isSymbolicLink()).toBe(true);
    // a hardlink to a path the image does not hold is an empty file, never a link to the host's file
    expect(lstatSync(join(out, "hl")).size).toBe(0);
    expect(lstatSync(join(out, "hl")).nlink).toBe(1);

    // a symlink planted in the directory beforehand is not followed either
    const planted = join(parent, "planted");
    mkdirSync(planted);
    symlinkSync(outside, join(planted, "etc"));
    const refused = await runInProcess(["extract", image.path, "/etc/victim", "-o", planted]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`layerscope: ${join(planted, "etc")} exists and is not a directory (a symlink: not followed)\n`);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("untouched\n");
  });

  it("creates no device nodes or FIFOs and drops setuid and setgid bits", async () => {
    const { parent, out } = sandbox();
    const image = await buildImage(
      {
        layers: [
          [
            { path: "dev/sda", type: "block", devmajor: 8, devminor: 0 },
            { path: "dev/mem", type: "char", devmajor: 1, devminor: 1 },
            { path: "run/fifo", type: "fifo" },
            { path: "usr/bin/su", content: "su", mode: 0o6755 },
            { path: "srv", type: "dir", mode: 0o3777 },
            { path: "srv/plain", content: "p", mode: 0o640 },
          ],
        ],
      },
      { format: "docker-archive", dir: temp("layerscope-hostile-") },
    );
    const run = await runInProcess(["extract", image.path, "/", "-o", out]);
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n").filter(Boolean).sort()).toEqual([
      "layerscope: /dev/mem: a character device, not created",
      "layerscope: /dev/sda: a block device, not created",
      "layerscope: /run/fifo: a FIFO, not created",
    ]);
    expect(readdirSync(join(out, "dev"))).toEqual([]);
    expect(readdirSync(join(out, "run"))).toEqual([]);
    expect(statSync(join(out, "usr/bin/su")).mode & 0o7777).toBe(0o755);
    expect(statSync(join(out, "srv")).mode & 0o7777).toBe(0o1777);
    expect(statSync(join(out, "srv/plain")).mode & 0o7777).toBe(0o640);
    outsideIntact(parent);
  });

  it("refuses more bytes than the budget before writing anything", async () => {
    const { parent, out } = sandbox();
    // 64 MiB of zeros: a 64 KiB blob that unpacks to a thousand times its size
    const layer = rawTar([rawFile("bomb", Buffer.alloc(64 << 20)), rawFile("small", "s")]);
    const image = await writeRawImage([gzipSync(layer)], { format: "oci-layout", compression: "gzip", asBlobs: true, dir: temp("layerscope-hostile-") });
    const run = await runInProcess(["extract", image.path, "/", "-o", out, "--max-size", "16MiB"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`layerscope: the files come to ${(64 << 20) + 1} bytes, more than the extraction budget of ${16 << 20} (--max-size)\n`);
    expect(existsSync(out)).toBe(false);
    const small = await runInProcess(["extract", image.path, "/small", "-o", out, "--max-size", "16MiB"]);
    expect(small.status).toBe(0);
    expect(readFileSync(join(out, "small"), "utf8")).toBe("s");
    outsideIntact(parent);
  });
});

describe("extract on every image of the hostile corpus", () => {
  it("writes inside the directory or fails with one line, never a crash", async () => {
    const outcomes: string[] = [];
    for (const corpusCase of CORPUS) {
      const { parent, out } = sandbox();
      const { path } = await corpusCase.build(temp("layerscope-corpus-extract-"));
      const run = await runInProcess(["extract", path, "/", "-o", out, "--max-size", "64MiB"]);
      if (run.status !== 0) {
        expect(run.stderr, corpusCase.name).toMatch(/^layerscope: (?!internal error)[^\n]+\n$/);
        outcomes.push("error");
      } else outcomes.push("extracted");
      if (existsSync(out)) outsideIntact(parent);
      else expect(readdirSync(parent)).toEqual(["outside"]);
    }
    // both kinds occur: the corpus has readable hostile images and broken ones
    expect(new Set(outcomes)).toEqual(new Set(["error", "extracted"]));
    // every case is analysed first: about 20 s on a quiet machine
  }, 600_000);
});

describe("cat on every image of the hostile corpus", () => {
  it("writes each file's bytes or one line, never a crash", async () => {
    let files = 0;
    for (const corpusCase of CORPUS) {
      const { path } = await corpusCase.build(temp("layerscope-corpus-cat-"));
      const listed = await runInProcess(["ls", path]);
      if (listed.status !== 0) continue;
      const paths = listed.stdout
        .toString()
        .split("\n")
        .filter((line) => line.startsWith("f ") && !line.includes("\\x"))
        .map((line) => line.slice(line.indexOf(" /") + 1))
        .slice(0, 10);
      for (const file of paths) {
        const run = await runInProcess(["cat", path, file]);
        if (run.status !== 0) expect(run.stderr, `${corpusCase.name}: ${file}`).toMatch(/^layerscope: (?!internal error)[^\n]+\n$/);
        else files++;
      }
    }
    expect(files).toBeGreaterThan(20);
  }, 600_000);
});
