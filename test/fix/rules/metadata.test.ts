import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";

const WRITE = "echo aaaa > /opt/a && echo bbbbbbbb > /opt/b";
const CHANGE = "chmod 600 /opt/a && touch -d 2001-02-03 /opt/b";
const DOCKERFILE = `FROM scratch\nRUN ${WRITE}\nRUN ${CHANGE}\n`;

describe("metadata-where-written", () => {
  it("expects to save the bytes of the files whose change it moves, not those of a change it leaves", async () => {
    const analysis = await analyzeBuiltLayers([
      {
        entries: [
          { path: "opt", type: "dir" },
          { path: "opt/a", content: "aaaa\n" },
          { path: "opt/b", content: "bbbbbbbb\n" },
        ],
        createdBy: `RUN /bin/sh -c ${WRITE}`,
      },
      {
        entries: [
          { path: "opt/a", content: "aaaa\n", mode: 0o600 },
          { path: "opt/b", content: "bbbbbbbb\n", mtime: 981_173_106 },
        ],
        createdBy: `RUN /bin/sh -c ${CHANGE}`,
      },
    ]);
    const hints = computeHints(analysis, { dockerfile: DOCKERFILE });
    const hint = hints.find((h) => h.id === "metadata-reemit");
    expect(hint).toMatchObject({ layer: 1, bytes: 14, line: 3 });
    const plan = await planFixes({ dockerfile: DOCKERFILE, hints, analysis, mode: "safe" });
    expect(plan.fixes.map((fix) => [fix.rule, fix.description, fix.expectedBytes])).toEqual([
      ["metadata-where-written", "chmod 600 /opt/a → the RUN of line 2", 5],
    ]);
    expect(plan.dockerfile.after).toBe(`FROM scratch\nRUN ${WRITE} && chmod 600 /opt/a\nRUN touch -d 2001-02-03 /opt/b\n`);
  });
});
