import { open } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { fsErrorReason } from "../../src/fs/fs-error.js";

describe("fsErrorReason", () => {
  it("says what a file system error means, with its code", async () => {
    const missing = await open("/nonexistent-dir/report.json", "w").catch((error: unknown) => error);
    expect(fsErrorReason(missing)).toBe("no such file or directory (ENOENT)");
    const directory = await open("/", "w").catch((error: unknown) => error);
    expect(fsErrorReason(directory)).toBe("is a directory (EISDIR)");
  });

  it("gives an unknown code as it is, and 'error' without one", () => {
    expect(fsErrorReason(Object.assign(new Error("x"), { code: "EWHATEVER" }))).toBe("EWHATEVER");
    expect(fsErrorReason(new Error("x"))).toBe("error");
    expect(fsErrorReason(undefined)).toBe("error");
  });
});
