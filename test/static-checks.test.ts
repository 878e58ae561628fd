/**
 * The static checks of the tree (package.json `lint`): Biome's linter (biome.json) and knip (knip.json: no unused
 * file, export, type or dependency). The layering has its own test (architecture.test.ts).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs a tool of node_modules/.bin; returns its exit status and what it printed. */
function run(tool: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(`node_modules/.bin/${tool}`, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("static checks", () => {
  it("Biome's linter finds nothing", () => {
    const { status, output } = run("biome", ["lint", "--max-diagnostics=50", "."]);
    expect(status, output).toBe(0);
  });

  it("knip finds no unused file, export, type or dependency", () => {
    const { status, output } = run("knip", []);
    expect(output).toBe("");
    expect(status).toBe(0);
  });
});
