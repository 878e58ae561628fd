import { describe, expect, it } from "vitest";
import type { Descriptor } from "../../../src/sources/oci/manifest.js";
import { selectPlatform } from "../../../src/sources/registry/platform.js";

const entry = (n: number, os: string, architecture: string, variant?: string): Descriptor => ({
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size: 100,
  platform: variant ? { os, architecture, variant } : { os, architecture },
  annotations: {},
});

const list = [
  entry(1, "linux", "arm", "v6"),
  entry(2, "linux", "arm", "v7"),
  entry(3, "linux", "amd64"),
  entry(4, "unknown", "unknown"),
  entry(5, "linux", "arm64", "v8"),
];

describe("selectPlatform", () => {
  it("picks the os/arch asked for", () => {
    expect(selectPlatform(list, { os: "linux", architecture: "amd64" }, "x")).toBe(list[2]);
  });

  it("matches arm64 with or without the v8 variant", () => {
    expect(selectPlatform(list, { os: "linux", architecture: "arm64" }, "x")).toBe(list[4]);
    expect(selectPlatform([entry(6, "linux", "arm64")], { os: "linux", architecture: "arm64", variant: "v8" }, "x").digest).toMatch(/^sha256:6/);
  });

  it("honours an explicit variant", () => {
    expect(selectPlatform(list, { os: "linux", architecture: "arm", variant: "v7" }, "x")).toBe(list[1]);
  });

  it("never picks an attestation entry, and lists the real platforms when none matches", () => {
    expect(() => selectPlatform(list, { os: "linux", architecture: "s390x" }, "reg/app:1")).toThrow(
      "reg/app:1: no image for linux/s390x; it has linux/arm/v6, linux/arm/v7, linux/amd64, linux/arm64/v8 (choose one with --platform)",
    );
    expect(() => selectPlatform([list[3]], { os: "unknown", architecture: "unknown" }, "x")).toThrow(/it has no platform entries/);
  });
});
