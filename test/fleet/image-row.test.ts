import { describe, expect, it } from "vitest";
import { failedRow, imageRow, sameImageRow } from "../../src/fleet/image-row.js";
import type { LayerBlob } from "../../src/sources/types.js";
import { row } from "../report/fleet/fleet-rows.js";
import { sampleAnalysis } from "../report/sample-analysis.js";

describe("sameImageRow", () => {
  const analysed = { ...row("oci:app", "fail"), format: "oci-layout" as const, manifestDigest: "sha256:aaa", compressedBytes: 500 };
  const blob = (digest: string, blobSize?: number): LayerBlob =>
    ({ index: 0, digest, ...(blobSize !== undefined ? { blobSize } : {}) }) as unknown as LayerBlob;

  it("copies the figures of the image analysed, but keeps this reference's format, manifest and blobs", () => {
    const archive = sameImageRow(analysed, "app.tar", { format: "docker-archive", layers: [blob("sha256:diffid", 1024)] });
    expect(archive).toMatchObject({ reference: "app.tar", format: "docker-archive", compressedBytes: 1024, totalBytes: 1000, verdict: "fail" });
    expect(archive.manifestDigest).toBeUndefined();
    expect(archive.layers?.[0]).toMatchObject({ digest: "sha256:diffid", blobSize: 1024, diffId: analysed.layers?.[0].diffId, junkBytes: 500 });
  });

  it("keeps the keys in imageRow's order, so that the report is the same bytes whichever reference was analysed", () => {
    const summary = sampleAnalysis();
    summary.image.manifestDigest = "sha256:aaa";
    summary.image.compressedBytes = summary.layers.length * 10;
    summary.layers.forEach((layer, i) => Object.assign(layer, { diffId: `sha256:diff${i}`, blobSize: 10 }));
    const first = imageRow("oci:app", summary, [], []);
    const layers = summary.layers.map((_, i) => blob(`sha256:raw${i}`, 1000 + i));
    const own = { evidence: "none" as const, inheritedLayers: 0 };
    const archive = sameImageRow(first, "app.tar", { format: "docker-archive", manifestDigest: "sha256:ccc", layers }, own);
    expect(Object.keys(archive)).toEqual(Object.keys(first));
    expect(Object.keys(archive.layers?.[0] ?? {})).toEqual(Object.keys(first.layers?.[0] ?? {}));
    expect([archive.base, archive.layers?.[1].digest, archive.manifestDigest]).toEqual([own, "sha256:raw1", "sha256:ccc"]);
  });

  it("leaves the pull size out when a blob's size is unknown, and copies a failed row as it is", () => {
    const unknown = sameImageRow(analysed, "reg/app:1", { format: "registry", manifestDigest: "sha256:bbb", layers: [blob("sha256:blob")] });
    expect([unknown.compressedBytes, unknown.layers?.[0].blobSize, unknown.manifestDigest]).toEqual([undefined, undefined, "sha256:bbb"]);
    const failed = { reference: "a", status: "error" as const, error: "no such image" };
    expect(sameImageRow(failed, "b", { format: "registry", layers: [] })).toEqual({ ...failed, reference: "b" });
  });
});

describe("failedRow", () => {
  it("keeps the first line of the error, without the reference the row names already", () => {
    expect(failedRow("app.tar", new Error("app.tar: truncated archive (cut short)\nmore")).error).toBe("truncated archive (cut short)");
    expect(failedRow("app.tar", new Error("no such file: app.tar")).error).toBe("no such file: app.tar");
  });
});
