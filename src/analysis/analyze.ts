import type { ImageSource } from "../sources/types.js";
import { MergedTree } from "../tree/merge.js";
import { ReplayTreeModel } from "../tree/model.js";
import type { LayerContents } from "../tree/types.js";
import { diveFigureSteps } from "./dive.js";
import { ANSWER_EVERY_MS, ITEMS_PER_STEP, nextTurn, runSteps, runStepsPausing, type Steps } from "../steps/steps.js";
import { layerCommands } from "./history.js";
import { DEFAULT_JUNK_RULES, junkMatcher } from "./junk.js";
import { scanLayers, storeLayers, type ScannedLayer } from "./scan.js";
import { hashShadowedFiles } from "./shadowed-files.js";
import type { Analysis, AnalyzeOptions, ImageFigures, LayerSummary } from "./types.js";
import type { PathChange } from "../tree/types.js";
import { wasteSteps, type WasteSplit } from "./waste.js";
import { findDuplicates } from "./duplicates.js";
import { readPackageSteps } from "../packages/read-packages.js";
import { LayersReadFeed } from "./layers-read.js";
import { loadSqliteFor } from "../packages/sqlite.js";

/** Reads every layer of an image once, merges them and computes both models' figures. */
export async function analyzeImage(source: ImageSource, options: AnalyzeOptions = {}): Promise<Analysis> {
  const cache = options.cache || undefined;
  const feed = options.onLayersRead ? new LayersReadFeed(source.layers.length, options.onLayersRead) : undefined;
  const scanned = await readLayers(source, options, feed);
  const layers: LayerContents[] = scanned.map((layer) => ({ entries: layer.entries }));

  // Dive's model first: its trees are garbage before the merged tree and the changes are built (peak memory)
  const dive = await runAnswering(diveFigureSteps(layers.map((layer, i) => ({ entries: layer.entries, readsEmpty: source.layers[i].diveReadsEmpty }))), feed);
  if (feed) await nextTurn();
  const tree = new MergedTree();
  const changes = await mergeLayers(tree, layers, feed);
  const waste = await runAnswering(wasteSteps(tree, layers, junkMatcher(options.junkRules ?? DEFAULT_JUNK_RULES)), feed);
  const duplicates = options.duplicates ? await findDuplicates(scanned, tree, options.duplicates.minSize) : undefined;
  // after the hashes the duplicates needed, so that the cache keeps them
  if (cache) await storeLayers(scanned, cache);
  if (feed) await nextTurn();
  const sqlite = await loadSqliteFor(layers);
  const packages = await runAnswering(readPackageSteps({ layers, tree, finalBytes: waste.finalBytes, ...(sqlite ? { sqlite } : {}) }), feed);
  const summaries = await runAnswering(layerSummarySteps(source, scanned, changes), feed);
  return {
    summary: {
      image: { ...imageFacts(source), ...imageFigures(waste, summaries, tree.size - 1), dive },
      layers: summaries,
      waste: waste.items,
      ...(packages ? { packages: packages.report } : {}),
      ...(duplicates ? { duplicates } : {}),
    },
    tree: new ReplayTreeModel(layers, changes, undefined, tree),
    config: source.config,
    ...(packages ? { packageFiles: packages.owner } : {}),
  };
}

/** Every layer's entries, read once (a UI's feed told of each layer as it is read), the shadowed files hashed. */
async function readLayers(source: ImageSource, options: AnalyzeOptions, feed: LayersReadFeed | undefined): Promise<ScannedLayer[]> {
  const scanning = scanLayers(source.layers, {
    verifyAll: options.verifyAll,
    onProgress: options.onProgress,
    cache: options.cache || undefined,
    ...(feed ? { onLayer: (layer: ScannedLayer) => feed.layerDone(layer), pauseEveryMs: ANSWER_EVERY_MS } : {}),
  });
  // a failed scan ends the analysis: the feed's own failure is then not wanted
  const scanned = await scanning.catch((error: unknown) => {
    feed?.settled().catch(() => undefined);
    throw error;
  });
  await feed?.settled();
  if (!feed?.hashedAll) await hashShadowedFiles(scanned);
  return scanned;
}

/** Applies the layers to the merged tree in order: each layer's changes (those a UI's trees found already taken as they are). */
async function mergeLayers(tree: MergedTree, layers: LayerContents[], feed: LayersReadFeed | undefined): Promise<PathChange[][]> {
  const changes: PathChange[][] = [];
  for (const [i, layer] of layers.entries()) {
    // a UI waiting for the figures answers its keys between layers (and may show a tree meanwhile)
    if (feed) await nextTurn();
    const known = feed?.knownChanges[i];
    if (known) {
      await runAnswering(tree.applyLayerSteps(i, layer.entries, false), feed);
      changes.push(known);
    } else changes.push((await runAnswering(tree.applyLayerSteps(i, layer.entries, true), feed))!);
  }
  if (feed) {
    feed.knownChanges = changes;
    await nextTurn();
  }
  return changes;
}

function* layerSummarySteps(source: ImageSource, scanned: ScannedLayer[], changes: PathChange[][]): Steps<LayerSummary[]> {
  const commands = layerCommands(source.config.history, scanned.length);
  const summaries: LayerSummary[] = [];
  for (const [i, layer] of scanned.entries()) {
    summaries.push({
      index: i,
      digest: source.layers[i].digest,
      diffId: source.layers[i].diffId ?? source.config.diffIds[i],
      sizeBytes: layer.entries.reduce((sum, e) => sum + e.size, 0),
      entries: layer.entries.length,
      command: commands[i],
      blobSize: source.layers[i].blobSize,
      ...(source.layers[i].mediaType ? { mediaType: source.layers[i].mediaType } : {}),
      ...(layer.compression !== undefined ? { compression: layer.compression } : {}),
      ...(yield* countChangeSteps(changes[i])),
    });
  }
  return summaries;
}

/** What the source says of the image, before any figure. */
function imageFacts(
  source: ImageSource,
): Pick<ImageFigures, "reference" | "format" | "name" | "manifestDigest" | "configDigest" | "os" | "architecture" | "layerCount"> {
  return {
    reference: source.reference,
    format: source.format,
    name: source.name,
    manifestDigest: source.manifestDigest,
    configDigest: source.config.digest,
    os: source.config.os,
    architecture: source.config.architecture,
    layerCount: source.layers.length,
  };
}

/** layerscope's figures of the image: its bytes by kind, its efficiency, its files and its compressed size when every blob's is known. */
function imageFigures(
  waste: WasteSplit,
  summaries: LayerSummary[],
  fileCount: number,
): Omit<ImageFigures, keyof ReturnType<typeof imageFacts> | "dive" | "pull" | "base"> {
  const compressedBytes = summaries.every((layer) => layer.blobSize !== undefined) ? summaries.reduce((sum, layer) => sum + layer.blobSize!, 0) : undefined;
  const totalBytes = waste.finalBytes + waste.shadowedBytes + waste.deletedBytes;
  const wastedBytes = waste.shadowedBytes + waste.deletedBytes + waste.junkBytes;
  return {
    totalBytes,
    finalBytes: waste.finalBytes,
    shadowedBytes: waste.shadowedBytes,
    deletedBytes: waste.deletedBytes,
    junkBytes: waste.junkBytes,
    wastedBytes,
    efficiency: totalBytes === 0 ? 1 : 1 - wastedBytes / totalBytes,
    fileCount,
    ...(compressedBytes !== undefined ? { compressedBytes } : {}),
  };
}

/** Runs the steps at once, or, with a UI waiting, pausing every ANSWER_EVERY_MS for its keys */
async function runAnswering<T>(steps: Steps<T>, feed: LayersReadFeed | undefined): Promise<T> {
  return feed ? runStepsPausing(steps, ANSWER_EVERY_MS, nextTurn) : runSteps(steps);
}

function* countChangeSteps(changes: PathChange[]): Steps<Omit<LayerSummary, "index" | "digest" | "sizeBytes" | "entries" | "command">> {
  const counts = { added: 0, modified: 0, removed: 0, addedBytes: 0, modifiedBytes: 0, removedBytes: 0 };
  for (let i = 0; i < changes.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const change = changes[i];
    const bytes = change.type === "file" ? change.size : 0;
    if (change.kind === "added") {
      counts.added++;
      counts.addedBytes += bytes;
    } else if (change.kind === "modified") {
      counts.modified++;
      counts.modifiedBytes += bytes;
    } else {
      counts.removed++;
      counts.removedBytes += bytes;
    }
  }
  return counts;
}
