import { createHash } from "node:crypto";
import { ANALYSIS_FORMAT } from "../cache/analysis-cache.js";
import { FORMAT_VERSION } from "../cache/layer-codec.js";
import { isVerifiableDigest } from "../sources/oci/digest.js";
import type { ImageSource } from "../sources/types.js";
import { RECENT_IDENTITY } from "../sources/types.js";
import { buildId } from "./build-id.js";
import type { ResolvedSettings } from "./settings.js";
import { packageVersion } from "./version.js";

/** Everything besides the image that decides a report. */
export interface ReportInputs {
  settings: ResolvedSettings;
  /** The Dockerfile's text (its content counts, not its name) */
  dockerfile?: string;
  target?: string;
  /** The reference and name `layerscope build` shows for the image it built */
  built?: { reference: string; name?: string };
  /** `--ignore-base` (or the config's): rules and hints on the image's own layers */
  ignoreBase: boolean;
  /** `--duplicates [min-size]` */
  duplicates?: string | boolean;
  /** The base images as read for this run (see readBases): their manifests decide the base's figures */
  bases?: unknown;
}

/**
 * The analysis cache's key: a sha256 of everything that decides the analysis and its report: layerscope's build,
 * the source as opened (reference, format, name, manifest digest and annotations, the whole config), each layer's
 * bytes and descriptor, the settings (rules, rule set and `.layerscope.yaml`), the Dockerfile's text and target,
 * the base images as read and whether they are ignored, and `--duplicates`. Undefined when some
 * layer's bytes cannot be told apart from other bytes: neither a digest they are checked against as they are read
 * nor a local file whose identity (device, inode, size, mtime and ctime) says it was not written since; and when
 * the running code has no build id (see buildId).
 */
export async function analysisKey(source: ImageSource, inputs: ReportInputs): Promise<string | undefined> {
  const build = buildId();
  if (build === undefined) return undefined;
  const layers: unknown[] = [];
  for (const blob of source.layers) {
    // a local file's identity too: a blob file rewritten in place is read (and checked) again, not trusted by name
    const identity = await blob.fileIdentity?.();
    if (identity?.endsWith(RECENT_IDENTITY)) return undefined;
    const verified = blob.verifiedDigest !== undefined && isVerifiableDigest(blob.verifiedDigest) ? blob.verifiedDigest : undefined;
    if (verified === undefined && identity === undefined) return undefined;
    const { index, digest, diffId, mediaType, blobSize, diveReadsEmpty } = blob;
    layers.push({ index, digest, diffId, mediaType, blobSize, diveReadsEmpty, verified, identity });
  }
  const { reference, format, name, manifestDigest, annotations, config } = source;
  const described = {
    analysis: ANALYSIS_FORMAT,
    layerFormat: FORMAT_VERSION,
    version: packageVersion(),
    build,
    node: process.versions.node,
    source: { reference, format, name, manifestDigest, annotations, config },
    layers,
    rules: inputs.settings.rules,
    ruleSet: inputs.settings.ruleSet,
    config: inputs.settings.config,
    dockerfile: inputs.dockerfile,
    target: inputs.target,
    built: inputs.built,
    ignoreBase: inputs.ignoreBase,
    duplicates: inputs.duplicates,
    bases: inputs.bases,
  };
  return createHash("sha256").update(JSON.stringify(described)).digest("hex");
}
