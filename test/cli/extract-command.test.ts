import { readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildImage } from "../helpers/build-image.js";
import { runInProcess } from "../helpers/cli-io.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const MTIME = 1_600_000_000;

async function image(): Promise<string> {
  const built = await buildImage(
    {
      layers: [
        [
          { path: "opt", type: "dir", mode: 0o750, mtime: MTIME },
          { path: "opt/app", type: "dir", mode: 0o755 },
          { path: "opt/app/run.sh", content: "#!/bin/sh\necho hi\n", mode: 0o755, mtime: MTIME },
          { path: "opt/app/run-again", type: "hardlink", linkname: "opt/app/run.sh" },
          { path: "opt/app/current", type: "symlink", linkname: "run.sh" },
          { path: "lib", type: "symlink", linkname: "opt" },
        ],
        [{ path: "opt/app/conf", content: "v=2\n", mode: 0o600 }, { path: "opt/app/.wh.run-again" }],
      ],
    },
    { format: "oci-layout", dir: temp("layerscope-extract-image-") },
  );
  return built.path;
}

describe("layerscope extract", () => {
  it("writes a directory with its files, links and modes at its image path, and says what it wrote", async () => {
    const path = await image();
    const out = join(temp("layerscope-extract-"), "out");
    const run = await runInProcess(["extract", path, "/lib/app", "-o", out]);
    expect(run.stderr).toBe("");
    expect(run.stdout.toString()).toBe(`extracted 2 files (22 bytes), 2 directories, 1 symlink under ${out}\n`);
    expect(readFileSync(join(out, "opt/app/run.sh"), "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect(statSync(join(out, "opt/app/run.sh")).mode & 0o7777).toBe(0o755);
    expect(statSync(join(out, "opt/app/run.sh")).mtimeMs).toBe(MTIME * 1000);
    expect(statSync(join(out, "opt/app/conf")).mode & 0o7777).toBe(0o600);
    expect(readlinkSync(join(out, "opt/app/current"))).toBe("run.sh");
    // the directory above the one asked for has its image mode too
    expect(statSync(join(out, "opt")).mode & 0o7777).toBe(0o750);
    // again over what is there: files are replaced
    expect((await runInProcess(["extract", path, "/opt/app", "-o", out])).status).toBe(0);
  });

  it("links a hardlink to the file it extracted with it, at an earlier layer", async () => {
    const path = await image();
    const out = join(temp("layerscope-extract-"), "out");
    const run = await runInProcess(["extract", path, "/opt", "/opt/app/run.sh", "-o", out, "--layer", "0"]);
    expect(run.stdout.toString()).toBe(`extracted 1 file (18 bytes), 2 directories, 1 symlink, 1 hardlink under ${out}\n`);
    expect(statSync(join(out, "opt/app/run-again")).ino).toBe(statSync(join(out, "opt/app/run.sh")).ino);
  });

  it("says in one line what it cannot do", async () => {
    const path = await image();
    const out = join(temp("layerscope-extract-"), "out");
    const line = async (args: string[]) => {
      const run = await runInProcess(["extract", path, ...args]);
      return [run.status, run.stderr];
    };
    expect(await line(["/nope", "-o", out])).toEqual([2, "layerscope: /nope (after layer 1): no such file\n"]);
    // an unset variable (`"$P"`) is no request for the whole image
    expect(await line(["/opt", "", "-o", out])).toEqual([2, 'layerscope: an empty PATH: give an absolute path inside the image ("/" for its root)\n']);
    expect(await line(["/opt"])).toEqual([2, "layerscope: required option '-o, --output <dir>' not specified\n"]);
    expect(await line(["/opt", "-o", out, "--max-size", "lots"])).toEqual([2, expect.stringMatching(/^layerscope: --max-size/)]);
    const file = join(temp("layerscope-extract-"), "a-file");
    writeFileSync(file, "");
    expect(await line(["/opt", "-o", file])).toEqual([2, `layerscope: -o ${file}: exists and is not a directory\n`]);
    // no file bytes, so the free-space check passes: the directory that cannot be made is the error (it hung)
    expect(await line(["/lib", "-o", "/proc/layerscope-extract/out"])).toEqual([
      2,
      "layerscope: extract: /proc/layerscope-extract: no such file or directory (ENOENT)\n",
    ]);
  });

  it("names the path it was writing when the file system refuses, not a symlink's target", async () => {
    const target = `/${"t".repeat(5000)}`;
    const built = await buildImage(
      { layers: [[{ path: "app/link", type: "symlink", linkname: target }]] },
      { format: "docker-archive", dir: temp("layerscope-extract-image-") },
    );
    const out = join(temp("layerscope-extract-"), "out");
    const run = await runInProcess(["extract", built.path, "/app", "-o", out]);
    expect([run.status, run.stderr]).toEqual([2, `layerscope: extract: ${join(out, "app/link")}: file name too long (ENAMETOOLONG)\n`]);
  });
});
