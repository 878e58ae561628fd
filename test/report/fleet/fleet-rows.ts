import type { FleetImage } from "../../../src/fleet/types.js";

const digest = (name: string): string => `sha256:${Buffer.from(name).toString("hex").padEnd(64, "0").slice(0, 64)}`;
/** A fleet row of one 1000-byte layer: half of it junk when the image fails its rules. */
export const row = (reference: string, verdict: "pass" | "fail"): FleetImage => ({
  reference,
  status: "ok",
  configDigest: digest(reference),
  totalBytes: 1000,
  wastedBytes: verdict === "fail" ? 500 : 0,
  efficiency: verdict === "fail" ? 0.5 : 1,
  layers: [
    {
      digest: digest(`blob-${reference}`),
      diffId: digest(`layer-${reference}`),
      blobSize: 500,
      sizeBytes: 1000,
      shadowedBytes: 0,
      deletedBytes: 0,
      junkBytes: verdict === "fail" ? 500 : 0,
      packages: 0,
      packageBytes: 0,
    },
  ],
  base: { evidence: "none", inheritedLayers: 0 },
  hints: [],
  packages: [],
  verdict,
  failedRules: verdict === "fail" ? ["min-efficiency"] : [],
});
