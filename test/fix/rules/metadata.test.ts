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

  it.each([
    [
      "appuser:appuser",
      "an owner by name is left where it is: the RUN between may create the user",
      "FROM scratch\nCOPY app.conf /etc/app.conf\nRUN useradd appuser\nRUN chown appuser:appuser /etc/app.conf\n",
    ],
    ["999:999", "a numeric owner moves to COPY --chown", "FROM scratch\nCOPY --chown=999:999 app.conf /etc/app.conf\nRUN useradd appuser\n"],
  ])("chown %s after a RUN: %s", async (owner, _what, after) => {
    const chown = `chown ${owner} /etc/app.conf`;
    const dockerfile = `FROM scratch\nCOPY app.conf /etc/app.conf\nRUN useradd appuser\nRUN ${chown}\n`;
    const analysis = await analyzeBuiltLayers([
      {
        entries: [
          { path: "etc", type: "dir" },
          { path: "etc/app.conf", size: 5_000 },
        ],
        createdBy: "COPY file:38941dd5c4c2d0c4f677801bcf5889064d7af1119e80941daa1c3eb24d47bcd8 in /etc/app.conf",
      },
      {
        entries: [
          { path: "etc", type: "dir" },
          { path: "etc/passwd", content: "appuser:x:999:999::/:/bin/sh\n" },
        ],
        createdBy: "RUN /bin/sh -c useradd appuser",
      },
      {
        entries: [
          { path: "etc", type: "dir" },
          { path: "etc/app.conf", size: 5_000, uid: 999, gid: 999 },
        ],
        createdBy: `RUN /bin/sh -c ${chown}`,
      },
    ]);
    const hints = computeHints(analysis, { dockerfile });
    expect(hints.filter((h) => h.id === "metadata-reemit").map((h) => h.line)).toEqual([4]);
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.dockerfile.after).toBe(after);
  });
});
