import { findBase } from "../analysis/base/find-base.js";
import { applyBase, ownHints, rulesFor } from "../analysis/base/split.js";
import type { Hint } from "../analysis/hints/types.js";
import type { RuleInputs } from "../analysis/rules.js";
import type { RuleResult, RuleSettings } from "../analysis/rules-types.js";
import type { BaseImageMissing, BaseImageRead } from "../analysis/base/types.js";
import type { Analysis } from "../analysis/types.js";
import type { LayerscopeConfig } from "../config/types.js";
import type { ImageSource } from "../sources/types.js";
import type { FileNode } from "../tree/types.js";
import type { SourceFlags } from "./load-analysis.js";

/** `--base IMAGE` and `--ignore-base`, as commander gives them. */
export interface BaseFlags {
  base?: string;
  ignoreBase?: boolean;
}

/** What base attribution needs from the opened source (the source is closed before the analysis returns). */
export interface SourceFacts {
  annotations?: Record<string, string>;
}

/** A LoadOptions.check that keeps the facts base attribution needs from the source. */
export function keepSourceFacts(facts: SourceFacts): (source: ImageSource) => void {
  return (source) => {
    if (source.annotations) facts.annotations = source.annotations;
  };
}

/** Whether the rules and hints look at the image's own layers only (`--ignore-base` or the config's `base.ignore`). */
export function ignoresBase(flags: BaseFlags, config: LayerscopeConfig): boolean {
  return flags.ignoreBase === true || config.base?.ignore === true;
}

/** The base images named by `--base`, the config, the Dockerfile or the annotations, as read now (manifests only). */
export async function readBases(
  image: { reference: string; format: string },
  facts: SourceFacts,
  flags: BaseFlags & SourceFlags,
  config: LayerscopeConfig,
  dockerfile: { text: string; target?: string } | undefined,
  credentials?: { username: string; password: string },
): Promise<BaseCandidates> {
  const option = flags.base ?? config.base?.image;
  // reading a base image reaches stores and registries: that code loads only when something may name a base
  const mayNameBase = option !== undefined || dockerfile !== undefined || facts.annotations !== undefined;
  if (!mayNameBase) return [];
  const { readBaseCandidates } = await import("../analysis/base/read-base.js");
  return readBaseCandidates(
    {
      option,
      ...(dockerfile ? { dockerfile } : {}),
      ...(facts.annotations ? { annotations: facts.annotations } : {}),
      image: { reference: image.reference, format: image.format },
    },
    {
      platform: flags.platform,
      insecure: flags.insecure,
      storageRoot: flags.storageRoot,
      containerdAddress: flags.containerdAddress,
      namespace: flags.namespace,
      ...(credentials ?? {}),
    },
  );
}

export type BaseCandidates = Array<BaseImageRead | BaseImageMissing>;

/**
 * Tells the layers inherited from the base image (by the layer digests of a base `readBases` could read, else the
 * history or the Dockerfile) and adds the split to the analysis' figures.
 */
export function applyBases(analysis: Analysis, facts: SourceFacts, bases: BaseCandidates, dockerfile: { text: string; target?: string } | undefined): void {
  const boundary = findBase({
    diffIds: analysis.summary.layers.map((layer, i) => layer.diffId ?? analysis.config.diffIds[i] ?? layer.digest),
    history: analysis.config.history,
    ...(facts.annotations ? { annotations: facts.annotations } : {}),
    bases,
    ...(dockerfile ? { dockerfile } : {}),
  });
  applyBase(analysis.summary, boundary);
}

/** The rules, on the image's own layers when the base is ignored (their messages then say so). */
export function evaluateRulesFor(analysis: Analysis, rules: RuleSettings, ignoreBase: boolean, finalTree?: FileNode, inputs: RuleInputs = {}): RuleResult[] {
  return rulesFor(analysis.summary, rules, ignoreBase, finalTree, inputs);
}

/** The hints, without those about inherited layers when the base is ignored. */
export function hintsOfOwnLayers(hints: Hint[], analysis: Analysis, ignoreBase: boolean): Hint[] {
  return ignoreBase ? ownHints(hints, analysis.summary.image.base) : hints;
}
