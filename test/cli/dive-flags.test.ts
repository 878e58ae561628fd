import { describe, expect, it } from "vitest";
import { diveBooleanArgs, goBool, withDiveFlagNote } from "../../src/cli/dive-flags.js";
import { ciFromEnv } from "../../src/cli/io.js";
import { runInProcess } from "../helpers/cli-io.js";

describe("Dive's flags layerscope does not take", () => {
  it("say what to use instead, in one line and exit 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["-j", "out.json"], /^layerscope: unknown option '-j': Dive's -j FILE is --json FILE here.*image\.dive/],
      [["--ignore-errors"], /^layerscope: unknown option '--ignore-errors': Dive's --ignore-errors reads past image errors; layerscope/],
      [["-i"], /^layerscope: unknown option '-i': Dive's -i reads past/],
      [["-v"], /^layerscope: unknown option '-v': the version is -V or --version$/],
    ];
    for (const [flags, message] of cases) {
      const run = await runInProcess(["app.tar", "--ci", ...flags]);
      expect([flags, run.status, run.stdout.toString()]).toEqual([flags, 2, ""]);
      expect(run.stderr.split("\n")).toEqual([expect.stringMatching(message), ""]);
    }
  });

  it("leaves other unknown options as commander words them", () => {
    expect(withDiveFlagNote("unknown option '--frobnicate'")).toBe("unknown option '--frobnicate'");
    expect(withDiveFlagNote("unknown option '-ij'")).toBe("unknown option '-ij'");
    expect(withDiveFlagNote("unknown option '--constructor'")).toBe("unknown option '--constructor'");
    expect(withDiveFlagNote("option '--ci-config <file>' argument missing")).toBe("option '--ci-config <file>' argument missing");
  });

  it("takes --ci=true and --ci=false, and CI=t, as Dive's Go booleans", async () => {
    expect(diveBooleanArgs(["app.tar", "--ci=true", "--ci=False", "--ci=1", "--", "--ci=true"])).toEqual(["app.tar", "--ci", "--ci", "--", "--ci=true"]);
    expect(diveBooleanArgs(["app.tar", "--ci=maybe"])).toEqual(["app.tar", "--ci=maybe"]);
    expect([goBool("T"), goBool("0"), goBool("yes")]).toEqual([true, false, undefined]);
    expect([ciFromEnv({ CI: "t" }), ciFromEnv({ CI: " TRUE " }), ciFromEnv({ CI: "false" }), ciFromEnv({ CI: "yes" })]).toEqual([true, true, false, false]);
    const run = await runInProcess(["app.tar", "--ci=maybe"]);
    expect([run.status, run.stderr]).toEqual([2, "layerscope: unknown option '--ci=maybe': --ci takes no value, or true or false as in Dive\n"]);
    const demo = "fixtures/demo/demo-image.tar";
    const on = await runInProcess([demo, "--ci=true", "--lowestEfficiency=0.99"], { env: {} });
    expect([on.status, on.stdout.toString()]).toEqual([1, expect.stringContaining("FAIL  lowestEfficiency")]);
    const off = await runInProcess([demo, "--ci=false", "--lowestEfficiency=0.99"], { env: {} });
    expect([off.status, off.stdout.toString()]).toEqual([0, expect.not.stringContaining("Result:")]);
  });
});
