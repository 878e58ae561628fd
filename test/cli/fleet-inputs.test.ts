import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli-io.js";

describe("fleet inputs", () => {
  it("refuses --tags-per-repo without --registry, which it would leave unused, before reading any image", async () => {
    const run = await runInProcess(["fleet", "missing.tar", "--tags-per-repo", "3"]);
    expect([run.status, run.stderr]).toEqual([2, "layerscope: --tags-per-repo goes with --registry: it keeps N tags of each repository listed\n"]);
  });
});
