/**
 * layerscope as a library: the functions the CLI itself uses, and the types of what they return.
 *
 *   const source = await openImage("app.tar");            // any reference the CLI takes
 *   try {
 *     const analysis = await analyzeImage(source);
 *     analysis.summary.image.efficiency;                    // figures as in the JSON report
 *   } finally {
 *     await source.close();
 *   }
 *
 * Errors meant for a user (unreadable image, bad config) are `ImageError` and `ConfigError`; the CLI prints their
 * message as its one line. Anything else is a bug.
 */

// reading an image
export { openImage } from "./sources/open.js";
export type { ImageSource, LayerBlob, ImageConfigInfo, HistoryEntry, SourceFormat, OpenImageOptions } from "./sources/types.js";
export type { RemoteImageOptions, RegistryOptions, DaemonOptions } from "./sources/remote.js";

// analysing it
export { analyzeImage } from "./analysis/analyze.js";
export { DEFAULT_JUNK_RULES } from "./analysis/junk.js";
export { openLayerCache, defaultCacheDir } from "./cache/open-cache.js";
export { computeHints, HINT_IDS } from "./analysis/hints/compute-hints.js";
export { removableBytes } from "./analysis/hints/removable.js";
export { evaluateRules, rulesVerdict } from "./analysis/rules.js";
export type { RuleInputs } from "./analysis/rules.js";
export { DEFAULT_DIVE_RULES, DEFAULT_HINT_GATE, DEFAULT_LAYERSCOPE_RULES } from "./analysis/rules-types.js";
export type {
  Analysis,
  AnalyzeOptions,
  AnalyzeProgress,
  DiveFigures,
  DiveFileReference,
  ImageAnalysis,
  ImageFigures,
  JunkRule,
  LayerCache,
  LayerChangeCounts,
  LayerSummary,
  WasteItem,
  WasteKind,
} from "./analysis/types.js";
export type { Hint, HintOptions, HintSeverity } from "./analysis/hints/types.js";
export type {
  DiveRuleSettings,
  HintGateSettings,
  LayerscopeRuleSettings,
  RuleResult,
  RuleSetChoice,
  RuleSetName,
  RuleSettings,
  RuleStatus,
  Threshold,
} from "./analysis/rules-types.js";
export type { ChangeKind, FileNode, LayerEntry, PathChange, TreeModel } from "./tree/types.js";
export type { EntryType, TarEntry } from "./tar/types.js";

// comparing two images
export { diffAnalyses, diffAnalyses as diffImages } from "./diff/diff-images.js";
export type { DiffOptions } from "./diff/diff-images.js";
export type { Delta, DiffAssessment, DiffChange, DiffCheck, DiffImage, DiffLayer, DiffLimits, DiffVerdict, FileChange, ImageDiff, SharedLayer, TopList, WasteChange } from "./diff/types.js";

// reports, as the CLI writes them
export { buildJsonReport, formatJsonReport, JSON_SCHEMA_VERSION } from "./report/json.js";
export type { JsonReport } from "./report/json.js";
export { formatDiffJson, DIFF_JSON_SCHEMA_VERSION } from "./report/diff-json.js";
export type { DiffJsonReport } from "./report/diff-json.js";
export { formatTextReport } from "./report/text.js";
export type { TextReportOptions } from "./report/text.js";
export { formatMarkdownReport } from "./report/markdown.js";
export { formatJunitReport } from "./report/junit.js";

// errors
export { ImageError } from "./sources/types.js";
export { ConfigError } from "./config/errors.js";
export { TarFormatError } from "./tar/header.js";
export { ZstdDecodeError } from "./sources/zstd-decoder.js";
