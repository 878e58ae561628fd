import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFilesAtomically } from "../../../src/cli/fix/write-files.js";
import { tempDirs } from "../../helpers/temp-dirs.js";

const makeDir = tempDirs();

describe("writeFilesAtomically", () => {
  it("writes a symlinked Dockerfile's target and keeps the link", async () => {
    const dir = makeDir("layerscope-write-files-");
    mkdirSync(join(dir, "docker"));
    writeFileSync(join(dir, "docker", "Dockerfile.prod"), "FROM scratch\n");
    symlinkSync("docker/Dockerfile.prod", join(dir, "Dockerfile"));
    const written = await writeFilesAtomically([{ path: join(dir, "Dockerfile"), text: "FROM scratch\nCMD x\n" }], dir);
    expect(lstatSync(join(dir, "Dockerfile")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "docker", "Dockerfile.prod"), "utf8")).toBe("FROM scratch\nCMD x\n");
    expect(written).toEqual(["docker/Dockerfile.prod"]);
  });
});
