import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDirectory } from "../../src/fs/make-directory.js";

describe("makeDirectory", () => {
  it("makes the missing levels, and is fine with a directory that exists", async () => {
    const base = mkdtempSync(join(tmpdir(), "layerscope-mkdir-"));
    await makeDirectory(join(base, "a", "b", "c"));
    expect(existsSync(join(base, "a", "b", "c"))).toBe(true);
    await makeDirectory(join(base, "a", "b"));
  });

  it.runIf(process.platform === "linux")("fails at once where mkdir says ENOENT under an existing parent (Node's recursive mkdir loops there)", async () => {
    await expect(makeDirectory("/proc/self/layerscope/cache")).rejects.toMatchObject({ code: "ENOENT" });
  });
});
