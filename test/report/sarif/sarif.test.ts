import { describe, expect, it } from "vitest";
import { HINT_IDS } from "../../../src/analysis/hints/compute-hints.js";
import type { Hint } from "../../../src/analysis/hints/types.js";
import { HINT_RULES } from "../../../src/report/sarif/rules.js";
import { artifactLocation, buildSarifLog, referenceLocation } from "../../../src/report/sarif/sarif.js";

const layers = [{ index: 0, digest: "sha256:" + "a".repeat(64) }, { index: 1, digest: "sha256:" + "b".repeat(64) }];

function hint(fields: Partial<Hint>): Hint {
  return { id: "apt-lists", severity: "warning", layer: 1, bytes: 10, message: "lists left", fix: "remove them", ...fields };
}

describe("SARIF log", () => {
  it("a file's path is relative to the repository root, with / separators; outside it a file: URI", () => {
    expect(artifactLocation("./docker/app/Dockerfile", "/repo")).toEqual({ uri: "docker/app/Dockerfile", relative: true });
    expect(artifactLocation("/repo/sub dir/Dockerfile", "/repo")).toEqual({ uri: "sub%20dir/Dockerfile", relative: true });
    expect(artifactLocation("/elsewhere/Dockerfile", "/repo")).toEqual({ uri: "file:///elsewhere/Dockerfile", relative: false });
    expect(artifactLocation("../up/Dockerfile", "/repo")).toEqual({ uri: "file:///up/Dockerfile", relative: false });
    expect(artifactLocation("out/app:1.tar", "/repo")).toEqual({ uri: "out/app%3A1.tar", relative: true });
  });

  it("an image reference becomes a relative URI with no scheme (code scanning takes file: or none)", () => {
    expect(referenceLocation("app:dev")).toEqual({ uri: "app%3Adev", relative: true });
    expect(referenceLocation("docker://ghcr.io/org/app:pr-7")).toEqual({ uri: "docker%3A/ghcr.io/org/app%3Apr-7", relative: true });
    expect(referenceLocation("localhost:5000/lab/app@sha256:abc")).toEqual({ uri: "localhost%3A5000/lab/app%40sha256%3Aabc", relative: true });
    for (const reference of ["app:dev", "docker://x/y:1", "containers-storage:localhost/app:dev"]) {
      expect(new URL(referenceLocation(reference).uri, "file:///repo/").protocol).toBe("file:");
    }
  });

  it("every result has a physical location: the Dockerfile line, else the Dockerfile's line 1, else the image's line 1", () => {
    const hints = [hint({ line: 4 }), hint({ layer: 0 }), hint({ id: "secret-env", severity: "error", history: 2, instruction: "ENV API_TOKEN", line: 5 })];
    const dockerfile = buildSarifLog(hints, { toolVersion: "1", image: { reference: "x" }, layers, dockerfile: { uri: "Dockerfile", relative: true } });
    const where = (log: typeof dockerfile) =>
      log.runs[0].results?.map((r) => [r.locations?.[0].physicalLocation?.artifactLocation?.uri, r.locations?.[0].physicalLocation?.region?.startLine, r.locations?.[0].logicalLocations?.[0].name]);
    expect(where(dockerfile)).toEqual([["Dockerfile", 4, "layer 1"], ["Dockerfile", 1, "layer 0"], ["Dockerfile", 5, "history entry 2"]]);
    expect(dockerfile.runs[0].originalUriBaseIds).toBeDefined();
    const image = buildSarifLog(hints, { toolVersion: "1", image: { reference: "app:dev" }, layers, imageArtifact: referenceLocation("app:dev") });
    expect(where(image)).toEqual([["app%3Adev", 1, "layer 1"], ["app%3Adev", 1, "layer 0"], ["app%3Adev", 1, "history entry 2"]]);
    expect(image.runs[0].results?.[2].properties).toMatchObject({ layer: 1, history: 2 });
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
