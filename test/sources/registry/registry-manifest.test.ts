import { describe, expect, it } from "vitest";
import { parseRegistryDocument } from "../../../src/sources/registry/registry-manifest.js";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const manifest = (overrides: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: d("a"), size: 10 },
      layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", digest: d("b"), size: 20 }],
      ...overrides,
    }),
  );

describe("parseRegistryDocument", () => {
  it("reads an image manifest", () => {
    const doc = parseRegistryDocument(manifest(), "application/vnd.docker.distribution.manifest.v2+json", "r/a:1");
    expect(doc.kind).toBe("image");
    if (doc.kind === "image") expect(doc.manifest.layers.map((l) => l.size)).toEqual([20]);
  });

  it("reads an index", () => {
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: d("c"), size: 5, platform: { os: "linux", architecture: "amd64" } }],
      }),
    );
    const doc = parseRegistryDocument(body, null, "r/a:1");
    expect(doc.kind === "index" && doc.manifests[0].platform).toEqual({ os: "linux", architecture: "amd64" });
  });

  it("refuses schema 1, by content type or by body", () => {
    expect(() => parseRegistryDocument(Buffer.from('{"schemaVersion":1,"fsLayers":[]}'), null, "r/a:1")).toThrow(
      "r/a:1: Docker schema 1 manifests are unsupported",
    );
    expect(() => parseRegistryDocument(manifest(), "application/vnd.docker.distribution.manifest.v1+prettyjws", "r/a:1")).toThrow(/schema 1/);
  });

  it("refuses artifacts and layer types it cannot read", () => {
    expect(() =>
      parseRegistryDocument(manifest({ config: { mediaType: "application/vnd.cncf.helm.config.v1+json", digest: d("a"), size: 1 } }), null, "r/a:1"),
    ).toThrow("r/a:1: not a container image (config type application/vnd.cncf.helm.config.v1+json)");
    const encrypted = { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip+encrypted", digest: d("b"), size: 2 };
    expect(() => parseRegistryDocument(manifest({ layers: [encrypted] }), null, "r/a:1")).toThrow(/unsupported layer type .*encrypted/);
  });

  it("refuses digests it cannot verify", () => {
    const layer = { mediaType: "application/vnd.oci.image.layer.v1.tar", digest: `sha512:${"0".repeat(128)}`, size: 2 };
    expect(() => parseRegistryDocument(manifest({ layers: [layer] }), null, "r/a:1")).toThrow(/unsupported digest sha512/);
  });
});
