import { describe, expect, it } from "vitest";
import { tempDirs } from "../helpers/temp-dirs.js";
import { analyzeReference, outcomeOf } from "./consistency.js";
import { CORPUS } from "./corpus.js";

// The same cases through the shipped CLI: corpus-cli.e2e.test.ts
const temp = tempDirs();
const freshDir = () => temp("layerscope-corpus-");

describe("broken and hostile images", () => {
  for (const corpusCase of CORPUS) {
    it(corpusCase.name, async () => {
      const { path, expected } = await corpusCase.build(freshDir());
      const outcome = await outcomeOf(() => analyzeReference(path));
      if ("error" in expected) {
        expect(outcome.kind === "error" ? outcome.message : "a result").toBe(expected.error);
      } else {
        expect(outcome.kind === "error" ? outcome.message : "a result").toBe("a result");
        if (outcome.kind === "result") expected.check(outcome.analysis);
      }
    });
  }
});
