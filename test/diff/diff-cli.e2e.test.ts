import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import prettyBytes from "pretty-bytes";
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
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ["max-size-increase", "fail"],
      ["no-new-hints", "fail"],
    ]);
    const tools = report.hints.new.find((hint) => hint.id === "build-tools");
    expect(tools?.line).toBe(3);
    const markdown = await readFile(join(dir, "pr.md"), "utf8");
    expect(markdown.split("\n")[0]).toMatch(
      /^### ❌ layerscope diff: size \+.* efficiency .* FAIL: max-size-increase, no-new-hints — worse: bigger, .*more waste, 2 new hints$/,
    );
    expect(markdown).toContain("Dockerfile:3");

    const better = await run(["diff", single, multi, "--ci"], dir);
    expect(better.status).toBe(0);
    expect(better.stdout).toContain("Verdict: PASS");
    // without --ci (and CI unset) a regression does not change the exit status
    expect((await run(["diff", multi, single], dir)).status).toBe(0);
    expect((await run(["diff", multi, single], dir, { CI: "true" })).status).toBe(1);
  });

  it("a change that shrinks the image and its waste is a success, though the efficiency ratio falls; every output agrees", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-diff-"));
    const rec = pairImage("pkg-apt-rec");
    const norec = pairImage("pkg-apt-norec");
    const result = await run(["diff", rec, norec, "--json", "-", "--markdown", "pr.md", "--html", "pr.html"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const report = JSON.parse(result.stdout) as DiffJsonReport;
    // the case of the issue: smaller, less waste, and a lower ratio
    expect(report.size.total.delta).toBeLessThan(0);
    expect(report.size.wasted.delta).toBeLessThan(0);
    expect(report.efficiency.layerscope.delta).toBeLessThan(0);
    expect(report.assessment.outcome).toBe("better");
    expect(report.assessment.worse).toEqual([]);
    expect(report.assessment.better.map((change) => change.figure)).toEqual(expect.arrayContaining(["size", "waste"]));
    expect(report.verdict).toBe("unchecked");
    expect(report.hints.removable.base).toBeLessThanOrEqual(report.size.total.base);
    expect(report.hints.removable.head).toBeLessThanOrEqual(report.size.total.head);
    const headline = (await readFile(join(dir, "pr.md"), "utf8")).split("\n")[0];
    expect(headline).toMatch(
      /^### ✅ layerscope diff: size −[\d.]+ MB \(−[\d.]+%\), (pull −.*, )?waste −[\d.]+ [kM]B, efficiency −[\d.]+ pts — better: smaller, (less to pull, )?less waste \(no limits set\)$/,
    );
    const html = await readFile(join(dir, "pr.html"), "utf8");
    expect(html).toContain(headline.slice(headline.indexOf("— ") + 2));

    // the same change through the main command's gate, with a max-efficiency-drop the ratio alone would break
    await writeFile(join(dir, ".layerscope.yaml"), "diff:\n  max-efficiency-drop: 0.0001\n  max-size-increase: 0%\n");
    const gate = await run([norec, "--baseline", rec, "--json", "-", "--markdown", "report.md"], dir);
    const single = JSON.parse(gate.stdout) as { baseline: DiffJsonReport; hintsRemovableBytes: number; image: { totalBytes: number } };
    expect(single.baseline.checks.map((check) => [check.name, check.status])).toEqual([
      ["max-size-increase", "pass"],
      ["max-efficiency-drop", "pass"],
    ]);
    expect(single.baseline.checks[1].message).toMatch(/, not a regression: waste −/);
    expect(single.baseline.verdict).toBe("pass");
    expect(single.hintsRemovableBytes).toBeGreaterThan(0);
    expect(single.hintsRemovableBytes).toBeLessThanOrEqual(single.image.totalBytes);
    const summary = await readFile(join(dir, "report.md"), "utf8");
    expect(summary).toContain(
      `Removable by the hints together: ${prettyBytes(single.hintsRemovableBytes)} of the image's ${prettyBytes(single.image.totalBytes)}`,
    );
    expect(summary).toContain("### ✅ layerscope diff: size −");
  });

  it("reports a missing Dockerfile or image as a one-line error with status 2", async () => {
    const image = pairImage("hint-build-multi");
    const missing = await run(["diff", image, image, "--dockerfile", "/nonexistent/Dockerfile"], "/");
    expect([missing.status, missing.stderr]).toEqual([2, "layerscope: cannot read Dockerfile /nonexistent/Dockerfile: no such file or directory (ENOENT)\n"]);
    const noImage = await run(["diff", image, "/nonexistent/image.tar"], "/");
    expect(noImage.status).toBe(2);
    expect(noImage.stderr.trim().split("\n")).toHaveLength(1);
  });
});
