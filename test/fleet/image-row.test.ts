import { describe, expect, it } from "vitest";
import { sameImageRow } from "../../src/fleet/image-row.js";
import type { LayerBlob } from "../../src/sources/types.js";
import { row } from "../report/fleet/fleet-rows.js";

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

  it("leaves the pull size out when a blob's size is unknown, and copies a failed row as it is", () => {
    const unknown = sameImageRow(analysed, "reg/app:1", { format: "registry", manifestDigest: "sha256:bbb", layers: [blob("sha256:blob")] });
    expect([unknown.compressedBytes, unknown.layers?.[0].blobSize, unknown.manifestDigest]).toEqual([undefined, undefined, "sha256:bbb"]);
    const failed = { reference: "a", status: "error" as const, error: "no such image" };
    expect(sameImageRow(failed, "b", { format: "registry", layers: [] })).toEqual({ ...failed, reference: "b" });
  });
});
