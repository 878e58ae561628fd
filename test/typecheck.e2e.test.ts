import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

it("the whole project type-checks under strict mode", () => {
  const result = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"], {
    encoding: "utf8",
  });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});
