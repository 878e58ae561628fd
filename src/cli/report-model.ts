import { createHash } from "node:crypto";
import { removableBytes } from "../analysis/hints/removable.js";
import type { Hint } from "../analysis/hints/types.js";
import type { RuleResult, RuleSetChoice } from "../analysis/rules-types.js";
import type { Analysis, ImageAnalysis, PullCost } from "../analysis/types.js";
import type { FileAnalysisCache } from "../cache/analysis-cache.js";
import { openAnalysisCache } from "../cache/open-cache.js";
import type { ImageDiff } from "../diff/types.js";
import type { AnalysisPageData } from "../report/html/page-data.js";
import { jsonReportChunks } from "../report/json.js";
import type { TreeModel } from "../tree/types.js";
import { analysisKey, type ReportInputs } from "./analysis-key.js";
import type { CliIo } from "./io.js";
import { analyzeSource, withSource, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import { hintsFor } from "./review.js";
import { annotatePackageLines } from "../analysis/hints/package-lines.js";
import {
  applyBases,
  evaluateRulesFor,
  hintsOfOwnLayers,
  keepSourceFacts,
  readBases,
  type BaseCandidates,
  type BaseFlags,
  type SourceFacts,
} from "./base-option.js";

/** Everything the reports of one image are made of. */
export interface ReportModel {
  hints: Hint[];
  rules: RuleResult[];
  /** The bytes all the hints' fixes remove together, and the image's */
  removable: { bytes: number; imageBytes: number };
  /** The figures; from the cache only when the run prints something other than the JSON report */
  summary?: ImageAnalysis;
  /** The `--json` report (without --json-files) in UTF-8, in pieces, when asked for and the cache is used */
  jsonReport?: Buffer[];
  /** The `--html` page's data, when asked for */
  htmlPage?: AnalysisPageData;
  /** The analysis itself; absent when the model came from the analysis cache */
  analysis?: Analysis;
  baseline?: ImageDiff;
}

/** What a run prints, so what it needs of a cached model. */
interface ModelWants {
  /** Any report but the JSON one (they read the figures) */
  summary: boolean;
  json: boolean;
  html: boolean;
}

export interface ModelRequest extends ReportInputs {
  wants: ModelWants;
  /** Where the base image is read from (`--base`, the config, the Dockerfile, the annotations) */
  base: { flags: BaseFlags & SourceFlags; credentials?: { username: string; password: string } };
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
    const facts: SourceFacts = {};
    keepSourceFacts(facts)(source);
    // the base image decides figures too: read (its manifest only) before the key, which holds what was read
    const bases = await readBases(source, facts, request.base.flags, request.settings.config, dockerfileOf(request), request.base.credentials);
    const inputs = { ...request, bases };
    const cache = request.cacheable && flags.cache !== false ? openAnalysisCache(io.env) : false;
    const key = cache ? await analysisKey(source, inputs) : undefined;
    if (cache && key !== undefined && flags.verify !== true) {
      const cached = await readModel(cache, key, request.wants, io);
      if (cached) return cached;
    }
    // (no variable holds the analysis: a model the cache keeps lets its trees go before the entries are made)
    const model = await modelOf(await analyzeSource(source, flags, io, load), request, { facts, bases });
    // the key once more: a layer file written during the analysis is not kept under its old identity
    if (cache && key !== undefined && key === (await analysisKey(source, inputs))) {
      // a run the cache serves needs no more than the model (peak memory)
      delete model.analysis;
      if (request.wants.json) model.jsonReport = jsonReportBytes(model, model.summary!, request.settings.ruleSet);
      await storeModel(cache, key, model);
    }
    return model;
  });
}

/** The JSON report of a model (with the file changes of `files`, for --json-files), in chunks. */
export function jsonReportOf(model: ReportModel, summary: ImageAnalysis, ruleSet: RuleSetChoice, files?: TreeModel): Iterable<string> {
  const { hints, rules, removable, baseline } = model;
  return jsonReportChunks(summary, rules, {
    hints,
    ruleSet,
    hintsRemovableBytes: removable.bytes,
    ...(baseline ? { baseline } : {}),
    ...(files ? { files } : {}),
  });
}

function jsonReportBytes(model: ReportModel, summary: ImageAnalysis, ruleSet: RuleSetChoice): Buffer[] {
  return Array.from(jsonReportOf(model, summary, ruleSet), (chunk) => Buffer.from(chunk));
}

const dockerfileOf = (request: ReportInputs): { text: string; target?: string } | undefined =>
  request.dockerfile === undefined ? undefined : { text: request.dockerfile, target: request.target };

async function modelOf(analysis: Analysis, request: ModelRequest, base: { facts: SourceFacts; bases: BaseCandidates }): Promise<ReportModel> {
  const { built, settings } = request;
  applyBases(analysis, base.facts, base.bases, dockerfileOf(request));
  if (built) analysis.summary.image = { ...analysis.summary.image, reference: built.reference, name: built.name };
  const { summary } = analysis;
  const ignoreBase = request.ignoreBase;
  // each package's Dockerfile line, for the reports (in the analysis itself)
  if (request.dockerfile !== undefined) annotatePackageLines(analysis, request.dockerfile, request.target);
  const hints = hintsOfOwnLayers(hintsFor(analysis, request.dockerfile, request.target, settings.config), analysis, ignoreBase);
  const removable = { bytes: removableBytes(analysis, hints), imageBytes: summary.image.totalBytes };
  const compared = request.baseline ? await request.baseline(analysis, hints) : undefined;
  if (compared?.pull) summary.image.pull = compared.pull;
  const finalTree =
    settings.rules.layerscope.forbidPaths !== undefined && summary.layers.length > 0 ? analysis.tree.treeAt(summary.layers.length - 1) : undefined;
  const rules = evaluateRulesFor(analysis, settings.rules, ignoreBase, finalTree, { packageFiles: analysis.packageFiles, hints });
  const model: ReportModel = { summary, hints, rules, removable, analysis, ...(compared ? { baseline: compared.diff } : {}) };
  if (request.wants.html) {
    const { analysisPageData } = await import("../report/html/index.js"); // only with --html
    model.htmlPage = analysisPageData(analysis, rules, hints, dockerfileOf(request), settings.ruleSet);
    if (compared) model.htmlPage.baseline = { reference: compared.diff.base.reference, verdict: compared.diff.verdict, checks: compared.diff.checks };
  }
  return model;
}

/**
 * A model is kept in parts, each an entry of its own read only by a run that needs it: the rules and hints (small,
 * always read), the figures, the JSON report's text, the HTML page's data.
 */
type Part = "model" | "summary" | "json" | "html";
const partKey = (key: string, part: Part): string => (part === "model" ? key : createHash("sha256").update(`${key} ${part}`).digest("hex"));

async function storeModel(cache: FileAnalysisCache, key: string, model: ReportModel): Promise<void> {
  const { summary, hints, rules, removable, htmlPage, jsonReport } = model;
  await cache.put(partKey(key, "model"), { hints, rules, removable });
  await cache.put(partKey(key, "summary"), { summary });
  if (jsonReport !== undefined) await cache.putBytes(partKey(key, "json"), jsonReport);
  if (htmlPage) await cache.put(partKey(key, "html"), { htmlPage });
}

/** The parts a run wants, or undefined when one of them is missing (a miss: the image is analysed again). */
async function readModel(cache: FileAnalysisCache, key: string, wants: ModelWants, io: CliIo): Promise<ReportModel | undefined> {
  const core = await readEntry(cache, partKey(key, "model"), io);
  if (!isRecord(core) || !Array.isArray(core.hints) || !Array.isArray(core.rules) || !isRecord(core.removable)) return undefined;
  const model = core as unknown as ReportModel;
  if (wants.summary) {
    const part = await readEntry(cache, partKey(key, "summary"), io);
    if (!isRecord(part) || !isRecord(part.summary)) return undefined;
    model.summary = part.summary as unknown as ImageAnalysis;
  }
  if (wants.json) {
    const part = await readEntry(cache, partKey(key, "json"), io);
    if (!Buffer.isBuffer(part)) return undefined;
    model.jsonReport = [part];
  }
  if (wants.html) {
    const part = await readEntry(cache, partKey(key, "html"), io);
    if (!isRecord(part) || !isRecord(part.htmlPage)) return undefined;
    model.htmlPage = part.htmlPage as unknown as AnalysisPageData;
  }
  return model;
}

async function readEntry(cache: FileAnalysisCache, key: string, io: CliIo): Promise<unknown> {
  const read = await cache.get(key);
  if (read && "corrupt" in read) io.stderr(`layerscope: warning: ignored a damaged analysis cache entry (${read.corrupt})\n`);
  return read && "value" in read ? read.value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
