import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli-io.js";

describe("main: no image", () => {
  it("says when --json or --duplicates took the image as its value", async () => {
    const json = await runInProcess(["--json", "app.tar"]);
    expect([json.status, json.stderr]).toEqual([
      2,
      'layerscope: no image given: --json took "app.tar" as its value; name the image first: layerscope IMAGE --json …\n',
    ]);
    const duplicates = await runInProcess(["--ci", "--duplicates", "app.tar"]);
    expect(duplicates.stderr).toMatch(/^layerscope: no image given: --duplicates took "app\.tar" as its value/);
    expect((await runInProcess(["--json", "-"])).stderr).toBe("layerscope: no image given (see layerscope --help)\n");
    expect((await runInProcess([])).stderr).toBe("layerscope: no image given (see layerscope --help)\n");
  });
});
