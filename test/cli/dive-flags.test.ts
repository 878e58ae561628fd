import { describe, expect, it } from "vitest";
import { withDiveFlagNote } from "../../src/cli/dive-flags.js";
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
});
