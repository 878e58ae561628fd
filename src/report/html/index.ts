import type { Hint } from "../../analysis/hints/types.js";
import type { RuleResult, RuleSetChoice } from "../../analysis/rules-types.js";
import type { Analysis } from "../../analysis/types.js";
import type { ImageDiff } from "../../diff/types.js";
import { buildAnalysisPage } from "./analysis-page.js";
import { buildDiffPage } from "./diff-page.js";
import { formatHtmlReport } from "./write-html.js";

const GENERATOR = "layerscope";

type Dockerfile = { text: string; target?: string } | undefined;

/** The `--html` report of one image: one self-contained page. */
export function formatAnalysisHtml(
  analysis: Analysis,
  rules: readonly RuleResult[],
  hints: readonly Hint[],
  dockerfile?: Dockerfile,
  ruleSet?: RuleSetChoice,
): string {
  return formatHtmlReport(buildAnalysisPage(analysis, { rules, hints, dockerfile, ruleSet, generator: GENERATOR }));
}

/** The `diff --html` report: one self-contained page. */
export function formatDiffHtml(diff: ImageDiff, base: Analysis, head: Analysis, dockerfiles: { base?: Dockerfile; head?: Dockerfile } = {}): string {
  return formatHtmlReport(buildDiffPage(diff, base, head, { generator: GENERATOR, baseDockerfile: dockerfiles.base, headDockerfile: dockerfiles.head }));
}
