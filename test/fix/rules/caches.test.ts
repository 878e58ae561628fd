import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { proveFix } from "../../../src/fix/proof/prove.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";

const INSTALL = "pip install /tmp/mylib-1.0.tar.gz";
const APP = { path: "usr/lib/python3/dist-packages/mylib.py", content: "x = 1\n" };
/** The base image's folders */
const BASE = {
  entries: [
    { path: "root", type: "dir" as const },
    { path: "usr/lib/python3/dist-packages", type: "dir" as const },
  ],
  createdBy: "ADD rootfs.tar /",
};

describe("pip-no-cache", () => {
  it("the proof accounts for the .cache folder pip made, which goes with the cache", async () => {
    const dockerfile = `FROM scratch\nRUN ${INSTALL}\n`;
    const before = await analyzeBuiltLayers([
      BASE,
      {
        entries: [{ path: "root/.cache/pip/wheels/ab", type: "dir" }, { path: "root/.cache/pip/wheels/ab/mylib-1.0-py3-none-any.whl", size: 1_250 }, APP],
        createdBy: `RUN /bin/sh -c ${INSTALL}`,
      },
    ]);
    const hints = computeHints(before, { dockerfile });
    const plan = await planFixes({ dockerfile, hints, analysis: before, mode: "safe" });
    expect(plan.dockerfile.after).toBe("FROM scratch\nRUN pip install --no-cache-dir /tmp/mylib-1.0.tar.gz\n");
    const after = await analyzeBuiltLayers([BASE, { entries: [APP], createdBy: `RUN /bin/sh -c ${plan.dockerfile.after.split("\n")[1].slice(4)}` }]);
    const proof = proveFix(plan, before, after);
    expect(proof.behaviour.unexpected).toEqual([]);
    expect(proof.behaviour.verdict).toBe("pass");
  });
});
