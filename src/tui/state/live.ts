import type { Hint } from "../../analysis/hints/types.js";
import type { Analysis, AnalyzeProgress, LayerChangeCounts, LayersRead, LayerSummary } from "../../analysis/types.js";
import { count } from "./format.js";
import { bytes } from "../../text/format.js";

/** What the manifest and config tell of a layer before it is read. */
type LayerHead = Pick<LayerSummary, "index" | "digest" | "command" | "blobSize" | "mediaType">;

/** The image as the manifest and config describe it: known before any layer is read. */
export interface ImageHead {
  reference: string;
  name?: string;
  layers: LayerHead[];
}

/**
 * What the UI knows of an image at a moment: its head at once, the trees of the layers read so far from the
 * bottom, the progress of the reading, and the finished analysis (every figure) at the end, or the error that
 * ended it.
 */
export interface LiveImage {
  head: ImageHead;
  read?: LayersRead;
  progress?: AnalyzeProgress;
  done?: { analysis: Analysis; hints: Hint[]; hintPatches?: ReadonlyArray<string | undefined> };
  error?: { message: string; layer?: number };
}

/** A LiveImage that changes as the analysis goes: the UI subscribes, the command updates. */
export class LiveStore {
  private value: LiveImage;
  private readonly listeners = new Set<() => void>();

  constructor(head: ImageHead) {
    this.value = { head };
  }

  get = (): LiveImage => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: Partial<Omit<LiveImage, "head">>): void {
    this.value = { ...this.value, ...change };
    for (const listener of this.listeners) listener();
  }
}

/** A finished analysis as a LiveImage (the UI's input when the analysis ran before it). */
export function finishedImage(analysis: Analysis, hints: Hint[] = []): LiveImage {
  const { image, layers } = analysis.summary;
  return { head: { reference: image.reference, name: image.name, layers }, done: { analysis, hints } };
}

/** A row of the layers pane: what is known of a layer so far (no figure before it is final). */
export interface LayerRow extends LayerHead {
  /** Known once the layer is read */
  sizeBytes?: number;
  entries?: number;
  /** Known once the analysis ends */
  counts?: LayerChangeCounts;
  compression?: LayerSummary["compression"];
  /** The layer could not be read */
  failed?: boolean;
  /** Inherited from the base image (known once the analysis ends) */
  inherited?: boolean;
}

export function layerRows(image: LiveImage): LayerRow[] {
  const done = image.done?.analysis.summary.layers;
  if (done) return done.map((layer) => ({ ...layer, counts: layer }));
  return image.head.layers.map((head, i) => {
    const read = image.read && i < image.read.count ? image.read.layers[i] : undefined;
    return { ...head, ...read, ...(image.error?.layer === i ? { failed: true } : {}) };
  });
}

/** The reading's progress, for the frame: `3 of 11 layers read · 240 MB · 52,000 entries`. */
export function progressText(image: LiveImage): string {
  const total = image.head.layers.length;
  const progress = image.progress;
  const read = Math.min(progress?.layer ?? 0, total);
  const figures = progress ? `${progress.bytes > 0 ? ` · ${bytes(progress.bytes)}` : ""} · ${count(progress.entries)} entries` : "";
  return read >= total && total > 0 ? `all ${total} layers read${figures} · computing the figures…` : `${read} of ${total} layers read${figures}`;
}

/** What the tree pane says for a layer whose tree cannot be shown yet (or at all). */
export function notReadyText(image: LiveImage, layer: number): string {
  if (image.error?.layer === layer) return `could not be read: ${image.error.message}`;
  if (image.error) return `layer ${layer}: not read (the analysis stopped at an error)`;
  if (image.head.layers.length === 0) return "the image has no layers: no file to show";
  return layer === 0 ? "layer 0: not read yet" : `layer ${layer}: not read yet (its tree shows once layers 0 to ${layer} are read)`;
}
