import { availableParallelism } from "node:os";
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { openLayerCache } from "../cache/open-cache.js";
import { fleetFails, fleetReport, FleetReportError, parseFleetReport } from "../fleet/fleet-report.js";
import { FleetLayerTable } from "../fleet/layer-table.js";
import { runFleet } from "../fleet/run-fleet.js";
import { parseShard } from "../fleet/shard.js";
import { fleetTrend } from "../fleet/trend.js";
import type { FleetImage, FleetReportJson, FleetShard } from "../fleet/types.js";
import { openImage } from "../sources/open.js";
import { parseImageReference } from "../sources/reference.js";
import type { RemoteImageOptions } from "../sources/remote.js";
import { addDiveRuleOptions } from "./analysis-options.js";
import { UsageError } from "./errors.js";
import type { FleetInputFlags } from "./fleet-inputs.js";
import { fleetProgress } from "./fleet-progress.js";
import { ciFromEnv, useColor, type CliIo } from "./io.js";
import type { SourceFlags } from "./load-analysis.js";
import { checkReportsSpareInputs, stdoutReport, writeReport } from "./outputs.js";
import { resolveSettings, type RuleFlags } from "./settings.js";
import { addSourceOptions } from "./source-options.js";
import { absolutePath } from "../fs/paths.js";
import { junkRulesFor } from "../config/junk-rules.js";
import { fsErrorReason } from "../fs/fs-error.js";

interface FleetOutputFlags {
  json?: string;
  markdown?: string;
  html?: string;
  baseline?: string;
  ci?: boolean;
  color: boolean;
  config?: string;
  ciConfig?: string;
}

interface FleetFlags extends FleetInputFlags, FleetOutputFlags, SourceFlags, RuleFlags {
  jobs?: string;
  shard?: string;
  ignoreBase?: boolean;
}

/** Per image, the table of scanned layers keeps this much of their encoded entries in memory. */
const TABLE_BYTES_PER_JOB = 64 << 20;

/** A repeatable option's values (`--match a --match b`). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `layerscope fleet` and `layerscope fleet merge`. */
export function registerFleetCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const fleet = program
    .command("fleet")
    .description("analyse many images into one report: totals, shared pull footprint, worst images, packages, bases, per-image verdicts")
    .argument("[images...]", "image references (any form the main command takes)")
    .option("--list <file>", "more references, one a line (- for standard input)")
    .option("--registry <location>", "every image of a registry: docker://HOST[:PORT][/PREFIX], listed by its catalog (repeatable)", collect)
    .option("--match <glob>", "keep repositories matching a glob: REPO or REPO:TAG (repeatable)", collect)
    .option("--tags-per-repo <n>", "with --registry: at most N tags of each repository, in the registry's order")
    .option("--containerd <namespace>", "every image of this containerd namespace (k8s.io for a Kubernetes node)")
    .option("--store <root>", "every named image of a buildah/podman store: [DRIVER@]ROOT[+RUNROOT] (repeatable)", collect)
    .option("--pods <file>", "the images of kubectl get pods -A -o json (- for standard input)")
    .option("--jobs <n>", "images analysed at once (default: the number of cores)")
    .option("--shard <i/n>", "analyse only shard I of N (1 ≤ I ≤ N), split by image digest; join with fleet merge")
    .option("--ignore-base", "rules and hints apply to each image's own layers, not to those of its base")
    .option("--json [file]", "write the fleet report as JSON to FILE, or to stdout with - (or no FILE)")
    .option("--markdown <file>", "write the report as Markdown to FILE, or - for stdout")
    .option("--html <file>", "write the report as a self-contained HTML page to FILE, or - for stdout")
    .option("--baseline <file>", "a previous fleet --json report: show which images got worse; with --ci, fail on a regression")
    .option("--ci", "exit 1 when an image fails its rules or regressed since --baseline (also when CI=true or CI=1)")
    .option("--config <file>", "layerscope config (default: .layerscope.yaml from the working directory upwards)")
    .option("--ci-config <file>", "Dive's rules file (default: .dive-ci in the working directory when present)")
    .option("--no-color", "no ANSI colour in the text report (NO_COLOR is honoured too)");
  addSourceOptions(addDiveRuleOptions(fleet), ["--tag", "--save", "--verify"]).action(async (images: string[], _flags: FleetFlags, command: Command) => {
    const flags = command.optsWithGlobals<FleetFlags>();
    if ((flags.json as unknown) === true) flags.json = "-";
    setStatus(await fleetCommand(images, flags, io));
  });
  fleet
    .command("merge")
    .description("join the --json reports of fleet --shard runs into the one report")
    .argument("<reports...>", "fleet --json reports")
    .action(async (files: string[], _flags: FleetOutputFlags, command: Command) => {
      const flags = command.optsWithGlobals<FleetOutputFlags>();
      if ((flags.json as unknown) === true) flags.json = "-";
      setStatus(await mergeCommand(files, flags, io));
    });
}

/** The reports asked for (stdoutReport looks at every key it is given). */
function targets(flags: FleetOutputFlags): { json?: string; markdown?: string; html?: string } {
  return { json: flags.json, markdown: flags.markdown, html: flags.html };
}

async function fleetCommand(args: string[], flags: FleetFlags, io: CliIo): Promise<number> {
  stdoutReport(targets(flags));
  const { count, gatherReferences } = await import("./fleet-inputs.js"); // registries and stores: only for fleet
  const jobs = flags.jobs === undefined ? availableParallelism() : count(flags.jobs, "--jobs");
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.shard !== undefined && shard === undefined) throw new UsageError(`--shard ${flags.shard}: give I/N with 1 ≤ I ≤ N`);
  const settings = await resolveSettings(flags, io.cwd);
  const ignoreBase = flags.ignoreBase === true || settings.config.base?.ignore === true;
  const credentials = registryCredentials(flags, io);
  const notes: string[] = [];
  const references = await gatherReferences(args, flags, io, credentials, notes);
  for (const note of notes) io.stderr(`layerscope fleet: ${note}\n`);
  if (references.length === 0) throw new UsageError("no images given (references, --list, --registry, --containerd, --store or --pods)");
  await checkReportsSpareInputs(targets(flags), references, io);

  const cache = flags.cache === false ? false : openLayerCache(io.env);
  const table = new FleetLayerTable(cache || undefined, TABLE_BYTES_PER_JOB * jobs);
  const progress = fleetProgress(io);
  const credentialHosts = new Set((flags.registry ?? []).map((location) => location.replace(/^docker:\/\//, "").split("/")[0]));
  const base: RemoteImageOptions = {
    platform: flags.platform,
    source: flags.source,
    insecure: flags.insecure,
    storageRoot: flags.storageRoot,
    containerdAddress: flags.containerdAddress,
    namespace: flags.containerd ?? flags.namespace,
    prefetchLayers: 0,
  };
  const rows = await runFleet(references, {
    jobs,
    ...(shard ? { shard } : {}),
    open: (reference) => openImage(reference, credentials && credentialHosts.has(registryOf(reference)) ? { ...base, ...credentials } : base),
    table,
    junkRules: junkRulesFor(settings.config),
    rules: settings.rules,
    silence: settings.config.hints.silence,
    ignoreBase,
    onProgress: (event) => progress.update(event, table.stats),
  });
  progress.done(table.stats);
  const baseline = flags.baseline === undefined ? undefined : await readBaseline(flags.baseline, rows, settings.config.diff, io);
  const report = fleetReport(rows, { ignoreBase, ...(shard ? { shard } : {}), ...(baseline ? { baseline } : {}) });
  await writeOutputs(report, flags, io);
  if (rows.length > 0 && rows.every((row) => row.status === "error")) {
    throw new UsageError(`none of the ${rows.length} images could be analysed (first: ${rows[0].reference}: ${rows[0].error})`);
  }
  return verdict(report, flags, io);
}

async function mergeCommand(files: string[], flags: FleetOutputFlags, io: CliIo): Promise<number> {
  stdoutReport(targets(flags));
  await checkReportsSpareInputs(targets(flags), files, io);
  const settings = await resolveSettings(flags, io.cwd);
  const reports: FleetReportJson[] = [];
  for (const file of files) reports.push(await readFleetReport(file, io));
  const ignoreBase = reports[0].ignoreBase;
  if (reports.some((report) => report.ignoreBase !== ignoreBase)) throw new UsageError("the reports differ in --ignore-base: merge reports of one run");
  const shards = reports.map((report) => report.shard).filter((shard): shard is FleetShard => shard !== undefined);
  const counts = new Set(shards.map((shard) => shard.count));
  if (counts.size > 1) throw new UsageError(`the reports come from runs split into different numbers of shards (${[...counts].join(", ")})`);
  const indexes = shards.map((shard) => shard.index);
  if (new Set(indexes).size !== indexes.length) throw new UsageError("two of the reports are the same shard");
  if (shards.length > 0 && shards.length < shards[0].count) {
    const missing = Array.from({ length: shards[0].count }, (_, i) => i)
      .filter((i) => !indexes.includes(i))
      .map((i) => `${i + 1}/${shards[0].count}`);
    io.stderr(`layerscope fleet merge: shards missing: ${missing.join(", ")}\n`);
  }
  const rows = new Map<string, FleetImage>();
  for (const report of reports) {
    for (const row of report.images) {
      const known = rows.get(row.reference);
      // a reference that no shard could open is reported by one shard only; one analysed by two is a mistake
      if (known && known.status === "ok" && row.status === "ok") throw new UsageError(`${row.reference} is in two of the reports: merge shards of one run`);
      if (!known || row.status === "ok") rows.set(row.reference, row);
    }
  }
  const all = [...rows.values()];
  const baseline = flags.baseline === undefined ? undefined : await readBaseline(flags.baseline, all, settings.config.diff, io);
  const report = fleetReport(all, { ignoreBase, ...(baseline ? { baseline } : {}) });
  await writeOutputs(report, flags, io);
  return verdict(report, flags, io);
}

async function writeOutputs(report: FleetReportJson, flags: FleetOutputFlags, io: CliIo): Promise<void> {
  if (flags.json !== undefined) await writeReport(flags.json, JSON.stringify(report, null, 2) + "\n", io);
  if (flags.markdown !== undefined) {
    const { formatFleetMarkdown } = await import("../report/fleet/fleet-markdown.js");
    await writeReport(flags.markdown, formatFleetMarkdown(report), io);
  }
  if (flags.html !== undefined) {
    const { formatFleetHtml } = await import("../report/fleet/fleet-html.js");
    await writeReport(flags.html, formatFleetHtml(report), io);
  }
  if (stdoutReport(targets(flags)) === undefined) {
    const { formatFleetText } = await import("../report/fleet/fleet-text.js");
    io.stdout(formatFleetText(report, { color: useColor(io, flags.color), width: io.stdoutIsTTY ? io.columns : undefined }));
  }
}

function verdict(report: FleetReportJson, flags: FleetOutputFlags, io: CliIo): number {
  const ci = flags.ci === true || ciFromEnv(io.env);
  return ci && fleetFails(report) ? 1 : 0;
}

async function readFleetReport(file: string, io: CliIo): Promise<FleetReportJson> {
  let text: string;
  try {
    text = await readFile(absolutePath(file, io.cwd), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read fleet report ${file}: ${fsErrorReason(error)}`);
  }
  try {
    return parseFleetReport(text, file);
  } catch (error) {
    if (error instanceof FleetReportError) throw new UsageError(error.message);
    throw error;
  }
}

async function readBaseline(file: string, rows: FleetImage[], limits: Parameters<typeof fleetTrend>[3], io: CliIo) {
  const previous = await readFleetReport(file, io);
  return fleetTrend(previous.images, fleetReport(rows, { ignoreBase: false }).images, file, limits);
}

/** `--username` with `--password-stdin`: for the hosts of `--registry` only. */
function registryCredentials(flags: FleetFlags, io: CliIo): { username: string; password: string } | undefined {
  if (!flags.username && !flags.passwordStdin) return undefined;
  if (!flags.username || !flags.passwordStdin) throw new UsageError("--username and --password-stdin go together");
  if ((flags.registry ?? []).length === 0) throw new UsageError("--username is for the registries of --registry: give one");
  if (flags.list === "-" || flags.pods === "-") throw new UsageError("--password-stdin and - (standard input) for --list or --pods cannot go together");
  const password = (io.readStdin?.() ?? "").replace(/\r?\n$/, "");
  if (password === "") throw new UsageError("--password-stdin: standard input is empty");
  return { username: flags.username, password };
}

function registryOf(reference: string): string {
  if (!reference.startsWith("docker://")) return "";
  try {
    return parseImageReference(reference.slice("docker://".length)).registry;
  } catch {
    return "";
  }
}
