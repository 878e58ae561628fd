import { createHash } from "node:crypto";
import { removableBytes } from "../analysis/hints/removable.js";
import type { Hint } from "../analysis/hints/types.js";
import { evaluateRules } from "../analysis/rules.js";
import type { RuleResult } from "../analysis/rules-types.js";
import type { Analysis, ImageAnalysis, PullCost } from "../analysis/types.js";
import type { FileAnalysisCache } from "../cache/analysis-cache.js";
import { openAnalysisCache } from "../cache/open-cache.js";
import type { ImageDiff } from "../diff/types.js";
import type { AnalysisPageData } from "../report/html/page-data.js";
import { analysisKey, type ReportInputs } from "./analysis-key.js";
import type { CliIo } from "./io.js";
import { analyzeSource, withSource, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import { hintsFor } from "./review-inputs.js";

/** Everything the reports of one image are made of. */
export interface ReportModel {
  summary: ImageAnalysis;
  hints: Hint[];
  rules: RuleResult[];
  /** The bytes all the hints' fixes remove together, and the image's */
  removable: { bytes: number; imageBytes: number };
  /** The `--html` page's data, when asked for */
  htmlPage?: AnalysisPageData;
  /** The analysis itself; absent when the model came from the analysis cache */
  analysis?: Analysis;
  baseline?: ImageDiff;
}

export interface ModelRequest extends ReportInputs {
  /** `--html`: the page's data is wanted */
  html: boolean;
  /** `--baseline`: the diff from the baseline to this image (and the pull it costs) */
  baseline?: (head: Analysis, headHints: Hint[]) => Promise<{ diff: ImageDiff; pull?: PullCost }>;
  /** Whether the analysis cache may serve (and keep) this model: not for what needs the whole analysis */
  cacheable: boolean;
}

/**
 * The report model of an image: from the analysis cache when an entry of exactly the same image and inputs is
 * there (see analysisKey), else from an analysis, then kept in the cache. `--no-cache` bypasses the cache,
 * `--verify` never reads from it.
 */
export async function loadReportModel(reference: string, flags: SourceFlags, io: CliIo, load: LoadOptions, request: ModelRequest): Promise<ReportModel> {
  return withSource(reference, flags, io, async (source) => {
    const cache = request.cacheable && flags.cache !== false ? openAnalysisCache(io.env) : false;
    const key = cache ? await analysisKey(source, request) : undefined;
    if (cache && key !== undefined && flags.verify !== true) {
      const cached = await readModel(cache, key, request.html, io);
      if (cached) return cached;
    }
    const model = await modelOf(await analyzeSource(source, flags, io, load), request);
    // the key once more: a layer file written during the analysis is not kept under its old identity
    if (cache && key !== undefined && key === (await analysisKey(source, request))) await storeModel(cache, key, model);
    return model;
  });
}

async function modelOf(analysis: Analysis, request: ModelRequest): Promise<ReportModel> {
  const { built, settings } = request;
  if (built) analysis.summary.image = { ...analysis.summary.image, reference: built.reference, name: built.name };
  const { summary } = analysis;
  const hints = hintsFor(analysis, request.dockerfile, request.target, settings.config);
  const removable = { bytes: removableBytes(analysis, hints), imageBytes: summary.image.totalBytes };
  const compared = request.baseline ? await request.baseline(analysis, hints) : undefined;
  if (compared?.pull) summary.image.pull = compared.pull;
  const finalTree = settings.rules.layerscope.forbidPaths !== undefined && summary.layers.length > 0
    ? analysis.tree.treeAt(summary.layers.length - 1)
    : undefined;
  const rules = evaluateRules(summary, settings.rules, finalTree);
  const model: ReportModel = { summary, hints, rules, removable, analysis, ...(compared ? { baseline: compared.diff } : {}) };
  if (request.html) {
    const { analysisPageData } = await import("../report/html/index.js"); // only with --html
    const dockerfile = request.dockerfile === undefined ? undefined : { text: request.dockerfile, target: request.target };
    model.htmlPage = analysisPageData(analysis, rules, hints, dockerfile);
  }
  return model;
}

/** The HTML page's data is an entry of its own, read only by a run that asks for the page. */
const htmlKey = (key: string): string => createHash("sha256").update(`${key} html page`).digest("hex");

async function storeModel(cache: FileAnalysisCache, key: string, model: ReportModel): Promise<void> {
  const { summary, hints, rules, removable, htmlPage } = model;
  await cache.put(key, { summary, hints, rules, removable });
  if (htmlPage) await cache.put(htmlKey(key), { htmlPage });
}

async function readModel(cache: FileAnalysisCache, key: string, html: boolean, io: CliIo): Promise<ReportModel | undefined> {
  const core = await readEntry(cache, key, io);
  if (!isModel(core)) return undefined;
  if (!html) return core;
  const page = await readEntry(cache, htmlKey(key), io);
  if (!isRecord(page) || !isRecord(page.htmlPage)) return undefined;
  return { ...core, htmlPage: page.htmlPage as unknown as AnalysisPageData };
}

async function readEntry(cache: FileAnalysisCache, key: string, io: CliIo): Promise<unknown> {
  const read = await cache.get(key);
  if (read && "corrupt" in read) io.stderr(`layerscope: warning: ignored a damaged analysis cache entry (${read.corrupt})\n`);
  return read && "value" in read ? read.value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isModel(value: unknown): value is ReportModel {
  if (!isRecord(value) || !isRecord(value.summary) || !isRecord(value.removable)) return false;
  return Array.isArray(value.hints) && Array.isArray(value.rules) && typeof value.removable.bytes === "number";
}
