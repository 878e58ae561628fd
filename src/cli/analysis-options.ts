import type { Command } from "commander";

/**
 * The options of an analysis (reports, rules, config, baseline), shared by the main command and `build`.
 * The Dockerfile option is left out: the main command names it `--dockerfile`, `build` takes `-f`.
 */
export function addAnalysisOptions(command: Command): Command {
  command
    .option("--ci", "evaluate the rules, print the report, exit 1 when a rule fails (also when CI=true or CI=1)")
    .option("--json [file]", "write the JSON report to FILE, or to stdout with - (or no FILE)")
    .option("--json-files", "with --json: list every layer's file changes (layers[].changes), streamed")
    .option("--junit <file>", "write a JUnit XML report (one test case per rule) to FILE, or - for stdout")
    .option("--markdown <file>", "write a Markdown summary (CI step summary, PR comment) to FILE, or - for stdout")
    .option("--sarif <file>", "write the hints as SARIF 2.1.0 (code scanning) to FILE, or - for stdout")
    .option("--html <file>", "write a self-contained HTML report (treemap, layers, waste, hints, packages) to FILE, or - for stdout")
    .option("--ci-config <file>", "Dive's rules file (default: .dive-ci in the working directory when present)")
    .option("--config <file>", "layerscope config (default: .layerscope.yaml from the working directory upwards)");
  return addDiveRuleOptions(command)
    .option("--duplicates [min-size]", "find identical files at different paths of the final image (hashes files of equal size; default min-size 1KiB)")
    .option("--target <stage>", "the build stage the image was built for (default: the last stage)")
    .option("--base <image>", "the base image: its layers are marked inherited (default: the Dockerfile's FROM, else the manifest's base annotation)")
    .option("--ignore-base", "rules and hints apply to the image's own layers only, not to those inherited from the base")
    .option("--baseline <image>", "compare with this image (e.g. main's); with --ci, fail on a regression beyond the diff: limits")
    .option("--no-color", "no ANSI colour in the text report (NO_COLOR is honoured too)");
}

/** Dive's three rule flags, for every command that evaluates the rules (the main command, `build`, `fleet`). */
export function addDiveRuleOptions(command: Command): Command {
  return command
    .option("--lowestEfficiency <ratio>", "Dive rule: fail when Dive's efficiency score is lower (default 0.9; disabled/off)")
    .option("--highestWastedBytes <bytes>", "Dive rule: fail when Dive's wasted bytes are more (20MB, 1GiB; default disabled)")
    .option("--highestUserWastedPercent <ratio>", "Dive rule: fail when Dive's user wasted ratio is higher (default 0.1)");
}
