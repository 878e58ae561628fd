import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

/** tsc's report on one project, or "" when it type-checks */
function typeErrors(project: string): string {
  const result = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project, "--noEmit"], { encoding: "utf8" });
  return result.status === 0 ? "" : result.stdout + result.stderr;
}

it("the whole project type-checks under strict mode, Node code without the DOM's types", () => {
  expect(typeErrors("tsconfig.json")).toBe("");
});

it("the HTML page's browser code type-checks with the DOM's types (its own tsconfig)", () => {
  expect(typeErrors("src/report/html/page/tsconfig.json")).toBe("");
});
