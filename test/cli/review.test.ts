import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { checkTarget, readDockerfile } from "../../src/cli/review.js";

const MULTI = "FROM debian:bookworm AS Build\nRUN make\n\nFROM debian:bookworm AS final\nCOPY --from=build /out /app\n";

describe("readDockerfile", () => {
  it("reads the Dockerfile when --target names one of its stages, in any case", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-review-"));
    await writeFile(join(dir, "Dockerfile"), MULTI);
    await expect(readDockerfile("Dockerfile", dir, "build")).resolves.toBe(MULTI);
    await expect(readDockerfile("Dockerfile", dir, "FINAL")).resolves.toBe(MULTI);
    await expect(readDockerfile("Dockerfile", dir)).resolves.toBe(MULTI);
    await expect(readDockerfile(undefined, dir, "build")).resolves.toBeUndefined();
  });

  it("refuses a --target the Dockerfile has no stage for, naming the stages it has", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-review-"));
    await writeFile(join(dir, "Dockerfile"), MULTI);
    const refusal = readDockerfile("Dockerfile", dir, "tset");
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow("--target tset: no stage of that name in Dockerfile (its stages: build, final)");
  });
});

describe("checkTarget", () => {
  it("says when no stage is named at all", () => {
    expect(() => checkTarget("FROM scratch\nCOPY a /a\n", "final", "app/Dockerfile")).toThrow(
      "--target final: no stage of that name in app/Dockerfile (no stage is named)",
    );
    expect(() => checkTarget("FROM scratch\n", undefined, "app/Dockerfile")).not.toThrow();
  });
});
