import { analyzeImage } from "../analysis/analyze.js";
import { type BaseBoundary, findBase } from "../analysis/base/find-base.js";
import { applyBase, ownHints, rulesFor } from "../analysis/base/split.js";
import { computeHints } from "../analysis/hints/compute-hints.js";
import type { RuleSettings } from "../analysis/rules-types.js";
import type { JunkRule } from "../analysis/types.js";
import { isVerifiableDigest } from "../sources/oci/digest.js";
import type { ImageSource } from "../sources/types.js";
import { failedRow, imageRow, rowBase, sameImageRow } from "./image-row.js";
import type { FleetLayerTable } from "./layer-table.js";
import { inShard } from "./shard.js";
import type { FleetImage, FleetShard } from "./types.js";

export interface FleetProgress {
  /** Inputs settled so far (analysed, failed, or left to another shard) */
  done: number;
  total: number;
  failed: number;
  reference: string;
  outcome: "analysed" | "same image" | "failed" | "other shard";
  /** The one-line reason of a failure */
  error?: string;
}

export interface FleetRunOptions {
  /** Images analysed at once */
  jobs: number;
  shard?: FleetShard;
  /** Opens one input (the CLI gives the source options; layers are never prefetched, see docs/fleet.md) */
  open(reference: string): Promise<ImageSource>;
  table: FleetLayerTable;
  junkRules?: JunkRule[];
  rules: RuleSettings;
  silence: string[];
  ignoreBase: boolean;
  onProgress?(progress: FleetProgress): void;
}

/**
 * Analyses every reference with at most `jobs` at once and returns one row per reference of this shard, failures
 * included, in input order. An image is analysed once however many references name it (same config digest), and
 * each layer is read once for the whole fleet (see FleetLayerTable). Only rows are kept: an image's analysis is
 * dropped as soon as its row is made, so memory follows `jobs`, not the number of images.
 */
export async function runFleet(references: readonly string[], options: FleetRunOptions): Promise<FleetImage[]> {
  const rows: (FleetImage | undefined)[] = new Array(references.length);
  const byImage = new Map<string, Promise<FleetImage>>();
  let next = 0;
  let done = 0;
  let failed = 0;
  const settle = (reference: string, outcome: FleetProgress["outcome"], error?: string): void => {
    done++;
    if (outcome === "failed") failed++;
    options.onProgress?.({ done, total: references.length, failed, reference, outcome, ...(error !== undefined ? { error } : {}) });
  };

  const one = async (index: number): Promise<void> => {
    const reference = references[index];
    let source: ImageSource;
    try {
      source = await options.open(reference);
    } catch (error) {
      if (options.shard && !inShard(reference, options.shard)) return settle(reference, "other shard");
      rows[index] = failedRow(reference, error);
      return settle(reference, "failed", rows[index]!.error);
    }
    const identity = source.config.digest ?? source.manifestDigest ?? reference;
    if (options.shard && !inShard(identity, options.shard)) {
      await source.close().catch(() => undefined);
      return settle(reference, "other shard");
    }
    const known = byImage.get(identity);
    if (known) {
      await source.close().catch(() => undefined);
      // the base a manifest's annotations tell is this reference's own; with --ignore-base the rules depend on it: kept
      const base = options.ignoreBase
        ? undefined
        : rowBase(
            baseOf(
              source,
              source.layers.map((layer, i) => layer.diffId ?? source.config.diffIds[i] ?? layer.digest),
            ),
          );
      const row = sameImageRow(await known, reference, source, base);
      rows[index] = row;
      return settle(reference, row.status === "ok" ? "same image" : "failed", row.error);
    }
    const analysed = analyse(reference, source, options);
    byImage.set(identity, analysed);
    rows[index] = await analysed;
    settle(reference, rows[index]!.status === "ok" ? "analysed" : "failed", rows[index]!.error);
  };

  const worker = async (): Promise<void> => {
    while (next < references.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, references.length)) }, worker));
  return rows.filter((row): row is FleetImage => row !== undefined);
}

/** One image: its layers claimed in the fleet's table, analysed, attributed, judged, reduced to a row. */
async function analyse(reference: string, source: ImageSource, options: FleetRunOptions): Promise<FleetImage> {
  const release = await options.table.claim(
    source.layers.map((layer) => layer.verifiedDigest).filter((d): d is string => d !== undefined && isVerifiableDigest(d)),
  );
  try {
    const analysis = await analyzeImage(source, { junkRules: options.junkRules, cache: options.table });
    applyBase(
      analysis.summary,
      baseOf(
        source,
        analysis.summary.layers.map((layer, i) => layer.diffId ?? analysis.config.diffIds[i] ?? layer.digest),
      ),
    );
    const allHints = computeHints(analysis, { silence: options.silence });
    const hints = options.ignoreBase ? ownHints(allHints, analysis.summary.image.base) : allHints;
    const last = analysis.summary.layers.length - 1;
    const finalTree = options.rules.layerscope.forbidPaths !== undefined && last >= 0 ? analysis.tree.treeAt(last) : undefined;
    const rules = rulesFor(analysis.summary, options.rules, options.ignoreBase, finalTree);
    return imageRow(reference, analysis.summary, hints, rules);
  } catch (error) {
    return failedRow(reference, error);
  } finally {
    release();
    await source.close().catch(() => undefined);
  }
}

/** The base the image's history and its manifest's annotations tell (the fleet reads no base image itself). */
function baseOf(source: ImageSource, diffIds: string[]): BaseBoundary {
  return findBase({ diffIds, history: source.config.history, ...(source.annotations ? { annotations: source.annotations } : {}) });
}
