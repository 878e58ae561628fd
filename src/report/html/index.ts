import type { Hint } from "../../analysis/hints/types.js";
import type { RuleResult, RuleSetChoice } from "../../analysis/rules-types.js";
import type { Analysis } from "../../analysis/types.js";
import type { ImageDiff } from "../../diff/types.js";
import { buildAnalysisPage } from "./analysis-page.js";
import { buildDiffPage } from "./diff-page.js";
import type { AnalysisPageData } from "./page-data.js";
import { formatHtmlReport } from "./write-html.js";

const GENERATOR = "layerscope";

type Dockerfile = { text: string; target?: string } | undefined;

/** What the `--html` report of one image shows (plain data: the CLI keeps it in the analysis cache). */
export function analysisPageData(
  analysis: Analysis,
  rules: readonly RuleResult[],
  hints: readonly Hint[],
  dockerfile?: Dockerfile,
  ruleSet?: RuleSetChoice,
): AnalysisPageData {
  return buildAnalysisPage(analysis, { rules, hints, dockerfile, ruleSet, generator: GENERATOR });
}

/** The `--html` report of one image, one self-contained page, from `analysisPageData`. */
export function formatAnalysisPage(page: AnalysisPageData): string {
  return formatHtmlReport(page);
}

/** The `diff --html` report: one self-contained page. */
export function formatDiffHtml(diff: ImageDiff, base: Analysis, head: Analysis, dockerfiles: { base?: Dockerfile; head?: Dockerfile } = {}): string {
  return formatHtmlReport(buildDiffPage(diff, base, head, { generator: GENERATOR, baseDockerfile: dockerfiles.base, headDockerfile: dockerfiles.head }));
}
