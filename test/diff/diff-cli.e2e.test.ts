import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import type { DiffJsonReport } from "../../src/report/diff-json.js";
import { pairImage } from "../analysis/hints/pair-images.js";

async function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, env, cwd };
  const status = await main(["node", "layerscope", ...args], io);
  return { status, stdout, stderr };
}

describe("layerscope diff", () => {
  it("--ci exits 1 when HEAD breaks the diff: limits, 0 when it does not; --json and --markdown", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-diff-"));
    await writeFile(join(dir, ".layerscope.yaml"), 'diff:\n  max-size-increase: "5%"\n  no-new-hints: warning\n');
    const multi = pairImage("hint-build-multi");
    const single = pairImage("hint-build-single");
    const dockerfile = join(process.cwd(), "test/images/hint-build-single/Dockerfile");

    const worse = await run(["diff", multi, single, "--ci", "--dockerfile", dockerfile, "--json", "-", "--markdown", "pr.md"], dir);
    expect(worse.stderr).toBe("");
    expect(worse.status).toBe(1);
    const report = JSON.parse(worse.stdout) as DiffJsonReport;
    expect(report.kind).toBe("layerscope-diff");
    expect(report.verdict).toBe("fail");
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([["max-size-increase", "fail"], ["no-new-hints", "fail"]]);
    const tools = report.hints.new.find((hint) => hint.id === "build-tools");
    expect(tools?.line).toBe(3);
    const markdown = await readFile(join(dir, "pr.md"), "utf8");
    expect(markdown.split("\n")[0]).toMatch(/^### ❌ layerscope diff: size \+.* efficiency .* FAIL: max-size-increase, no-new-hints$/);
    expect(markdown).toContain("Dockerfile:3");

    const better = await run(["diff", single, multi, "--ci"], dir);
    expect(better.status).toBe(0);
    expect(better.stdout).toContain("Verdict: PASS");
    // without --ci (and CI unset) a regression does not change the exit status
    expect((await run(["diff", multi, single], dir)).status).toBe(0);
    expect((await run(["diff", multi, single], dir, { CI: "true" })).status).toBe(1);
  });

  it("reports a missing Dockerfile or image as a one-line error with status 2", async () => {
    const image = pairImage("hint-build-multi");
    const missing = await run(["diff", image, image, "--dockerfile", "/nonexistent/Dockerfile"], "/");
    expect([missing.status, missing.stderr]).toEqual([2, "layerscope: cannot read Dockerfile /nonexistent/Dockerfile: ENOENT\n"]);
    const noImage = await run(["diff", image, "/nonexistent/image.tar"], "/");
    expect(noImage.status).toBe(2);
    expect(noImage.stderr.trim().split("\n")).toHaveLength(1);
  });
});
