import { analyzeImage } from "../analysis/analyze.js";
import type { Analysis, AnalyzeOptions, AnalyzeProgress, JunkRule } from "../analysis/types.js";
import { openLayerCache } from "../cache/open-cache.js";
import { openImage } from "../sources/open.js";
import type { ImageSource } from "../sources/types.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./errors.js";
import { parseBytes } from "../config/units.js";
import { progressLine } from "./progress.js";
import { noteEntriesRead, noteImageBytes } from "./runtime-tuning.js";

/** Options that choose and read the image. */
export interface SourceFlags {
  source?: string;
  platform?: string;
  tag?: string;
  verify?: boolean;
  username?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  save?: string;
  storageRoot?: string;
  containerdAddress?: string;
  namespace?: string;
  /** false with --no-cache */
  cache?: boolean;
}

export interface LoadOptions {
  junkRules?: JunkRule[];
  /** False when stdout carries JSON (progress would be noise next to it) */
  showProgress: boolean;
  /** Called with the opened source before the (long) analysis, to reject bad arguments early */
  check?: (source: ImageSource) => void;
  /** `--duplicates [min-size]`: look for identical files (true: the default smallest size) */
  duplicates?: string | boolean;
  /** Called with the analysis while the source is still open (commands that read file contents from it) */
  withSource?: (source: ImageSource, analysis: Analysis) => Promise<void>;
  /** The analysis' progress, besides the progress line */
  onProgress?: (progress: AnalyzeProgress) => void;
  /** The layers read so far, for the UI (see AnalyzeOptions) */
  onLayersRead?: AnalyzeOptions["onLayersRead"];
}

/** Opens the image, analyses it with progress on a terminal stderr, and always closes the source. */
export async function loadAnalysis(reference: string, flags: SourceFlags, io: CliIo, options: LoadOptions): Promise<Analysis> {
  return withSource(reference, flags, io, async (source) => {
    const analysis = await analyzeSource(source, flags, io, options);
    await options.withSource?.(source, analysis);
    return analysis;
  });
}

/** Opens the image, hands it to `use`, and always closes it. */
export async function withSource<T>(reference: string, flags: SourceFlags, io: CliIo, use: (source: ImageSource) => Promise<T>): Promise<T> {
  const source = await openSource(reference, flags, io);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

/** Analyses an opened image, with progress on a terminal stderr. */
export async function analyzeSource(source: ImageSource, flags: SourceFlags, io: CliIo, options: LoadOptions): Promise<Analysis> {
  const progress = progressLine(options.showProgress && io.stderrIsTTY ? io.stderr : undefined);
  try {
    options.check?.(source);
    noteImageBytes(source.layers.reduce((sum, layer) => sum + (layer.blobSize ?? 0), 0));
    return await analyzeImage(source, {
      junkRules: options.junkRules,
      verifyAll: flags.verify === true,
      // --save writes the layers as they download: one from the layer cache is never downloaded, nor saved
      cache: flags.cache === false || flags.save !== undefined ? false : openLayerCache(io.env),
      ...(options.duplicates !== undefined && options.duplicates !== false ? { duplicates: duplicateOptions(options.duplicates) } : {}),
      onProgress: (event: AnalyzeProgress) => {
        noteEntriesRead(event.entries);
        progress.update(event);
        options.onProgress?.(event);
      },
      ...(options.onLayersRead ? { onLayersRead: options.onLayersRead } : {}),
    });
  } finally {
    progress.clear();
  }
}

/** Opens the image as the source flags say (no analysis): `loadAnalysis`, and the UI's file contents. */
export function openSource(reference: string, flags: SourceFlags, io: CliIo): Promise<ImageSource> {
  return openImage(reference, {
    tag: flags.tag,
    platform: flags.platform,
    source: flags.source,
    username: flags.username,
    password: flags.passwordStdin ? readPassword(flags, io) : undefined,
    insecure: flags.insecure,
    saveDir: flags.save,
    storageRoot: flags.storageRoot,
    containerdAddress: flags.containerdAddress,
    namespace: flags.namespace,
  });
}

/** The registry password from standard input, as `docker login --password-stdin` takes it. */
export function readPassword(flags: SourceFlags, io: CliIo): string {
  if (!flags.username) throw new UsageError("--password-stdin needs --username");
  const password = (io.readStdin?.() ?? "").replace(/\r?\n$/, "");
  if (password === "") throw new UsageError("--password-stdin: standard input is empty");
  return password;
}

function duplicateOptions(flag: string | true): { minSize?: number } {
  return flag === true ? {} : { minSize: parseBytes(flag, "--duplicates") };
}
