import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli-io.js";

describe("options of the main command given to a subcommand", () => {
  it("refuses a report or rule option the subcommand does not take, before reading any image", async () => {
    const diff = await runInProcess(["diff", "missing-a.tar", "missing-b.tar", "--ci", "--junit", "diff.xml"]);
    expect([diff.status, diff.stderr]).toEqual([2, "layerscope: unknown option '--junit' for diff (see layerscope help diff)\n"]);
    const before = await runInProcess(["--baseline", "main.tar", "diff", "missing-a.tar", "missing-b.tar"]);
    expect(before.stderr).toBe("layerscope: unknown option '--baseline' for diff (see layerscope help diff)\n");
    const fleet = await runInProcess(["fleet", "missing.tar", "--sarif", "fleet.sarif"]);
    expect([fleet.status, fleet.stderr]).toEqual([2, "layerscope: unknown option '--sarif' for fleet (see layerscope help fleet)\n"]);
    const merge = await runInProcess(["fleet", "merge", "shard-1.json", "--junit", "fleet.xml"]);
    expect(merge.stderr).toBe("layerscope: unknown option '--junit' for fleet merge (see layerscope help fleet merge)\n");
    const ls = await runInProcess(["ls", "missing.tar", "--markdown", "-"]);
    expect(ls.stderr).toBe("layerscope: unknown option '--markdown' for ls (see layerscope help ls)\n");
  });

  it("keeps the options a subcommand declares as the main command does", async () => {
    // each gets past the options to the first thing it checks
    const ls = await runInProcess(["ls", "missing.tar", "--no-cache"]);
    expect(ls.stderr).toBe("layerscope: no such file: missing.tar\n");
    const fleet = await runInProcess(["fleet", "missing.tar", "--lowestEfficiency", "95"]);
    expect(fleet.stderr).toMatch(/^layerscope: --lowestEfficiency: 95 is more than 1/);
    const merge = await runInProcess(["fleet", "merge", "/nonexistent/shard-1.json", "--json", "-", "--ci"]);
    expect(merge.stderr).toMatch(/^layerscope: cannot read fleet report \/nonexistent\/shard-1\.json/);
    const build = await runInProcess(["build", "/nonexistent-context", "--dockerfile", "Dockerfile.dev"]);
    expect(build.stderr).toBe("layerscope: build context /nonexistent-context: not a directory\n");
  });
});
