import { describe, expect, it } from "vitest";
import { HINT_IDS } from "../../../src/analysis/hints/compute-hints.js";
import type { Hint } from "../../../src/analysis/hints/types.js";
import { HINT_RULES } from "../../../src/report/sarif/rules.js";
import { buildSarifLog, dockerfileLocation } from "../../../src/report/sarif/sarif.js";

const layers = [{ index: 0, digest: "sha256:" + "a".repeat(64) }, { index: 1, digest: "sha256:" + "b".repeat(64) }];

function hint(fields: Partial<Hint>): Hint {
  return { id: "apt-lists", severity: "warning", layer: 1, bytes: 10, message: "lists left", fix: "remove them", ...fields };
}

describe("SARIF log", () => {
  it("the Dockerfile path is relative to the repository root, with / separators; outside it a file: URI", () => {
    expect(dockerfileLocation("./docker/app/Dockerfile", "/repo")).toEqual({ uri: "docker/app/Dockerfile", relative: true });
    expect(dockerfileLocation("/repo/sub dir/Dockerfile", "/repo")).toEqual({ uri: "sub%20dir/Dockerfile", relative: true });
    expect(dockerfileLocation("/elsewhere/Dockerfile", "/repo")).toEqual({ uri: "file:///elsewhere/Dockerfile", relative: false });
    expect(dockerfileLocation("../up/Dockerfile", "/repo")).toEqual({ uri: "file:///up/Dockerfile", relative: false });
  });

  it("every hint id has a rule text, and a hint id unknown to the catalogue still gets a rule", () => {
    expect(Object.keys(HINT_RULES).sort()).toEqual([...HINT_IDS].sort());
    const log = buildSarifLog([hint({ id: "brand-new", severity: "info", fix: "do this" })], { toolVersion: "1.2.3", image: { reference: "x" }, layers });
    const rule = log.runs[0].tool.driver.rules?.[0];
    expect(rule).toMatchObject({ id: "brand-new", name: "BrandNew", help: { text: "do this." }, defaultConfiguration: { level: "note" } });
  });

  it("fingerprints ignore the line and the layer digest, and tell repeated findings apart", () => {
    const options = { toolVersion: "1", image: { reference: "x" }, layers, dockerfile: { uri: "Dockerfile", relative: true } };
    const print = (hints: Hint[]) => buildSarifLog(hints, options).runs[0].results?.map((r) => r.partialFingerprints?.["layerscopeHint/v1"]);
    const a = hint({ line: 3, instruction: "RUN apt-get update" });
    const moved = hint({ line: 9, instruction: "RUN apt-get update" });
    expect(print([a])).toEqual(print([moved]));
    const twice = print([a, a]) ?? [];
    expect(twice[0]).not.toBe(twice[1]);
    expect(print([hint({ instruction: "RUN other" })])).not.toEqual(print([a]));
  });
});
