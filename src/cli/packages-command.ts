import type { Command } from "commander";
import { annotatePackageLines } from "../analysis/hints/package-lines.js";
import type { Analysis } from "../analysis/types.js";
import type { Ecosystem, PackageInfo, PackageReport } from "../packages/types.js";
import { ECOSYSTEMS } from "../packages/types.js";
import { formatPackageTable, packageTotalsLine } from "../report/packages-text.js";
import { bytes } from "../report/format.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { chooseLayer } from "./layer-arg.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";
import { readDockerfile } from "./review.js";
import { checkReportsSpareInputs, inputsOf, writeReport } from "./outputs.js";
import { addSourceOptions } from "./source-options.js";
import type { ImageSource } from "../sources/types.js";

interface PackagesFlags extends SourceFlags {
  layer?: string;
  ecosystem?: string;
  sort?: string;
  /** true or `-`: JSON on stdout; a path: JSON written there */
  json?: boolean | string;
  dockerfile?: string;
  target?: string;
}

export function registerPackagesCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const command = program
    .command("packages")
    .description("installed packages (deb, apk, rpm, python, npm) with the bytes of the final files each owns, why each is there")
    .argument("<image>", "image reference")
    .option("--layer <n>", "only the packages layer N installed or upgraded")
    .option("--ecosystem <name>", `only one ecosystem: ${ECOSYSTEMS.join(", ")}`)
    .option("--sort <key>", "bytes (default, largest first) or name")
    .option("--json [file]", "JSON instead of the table: to stdout, or to FILE")
    .option("--dockerfile <file>", "the image's Dockerfile: packages name the line of the layer that installed them")
    .option("--target <stage>", "the build stage the image was built for (default: the last stage)");
  addSourceOptions(command).action(async (image: string, _flags: PackagesFlags, cmd: Command) => {
    setStatus(await packagesCommand(image, cmd.optsWithGlobals<PackagesFlags>(), io));
  });
}

/** `layerscope packages IMAGE`: the table (or JSON) of installed packages; 0, or 2 on bad input. */
async function packagesCommand(reference: string, flags: PackagesFlags, io: CliIo): Promise<number> {
  const ecosystem = parseEcosystem(flags.ecosystem);
  const sort = flags.sort ?? "bytes";
  if (sort !== "bytes" && sort !== "name") throw new UsageError(`--sort must be bytes or name, not "${sort}"`);
  const dockerfile = await readDockerfile(flags.dockerfile, io.cwd, flags.target);
  let layer: number | undefined;
  const check = (source: ImageSource): void => {
    if (flags.layer !== undefined) layer = chooseLayer(flags.layer, source.layers.length, reference);
  };
  const jsonTarget = flags.json === true ? "-" : flags.json === false ? undefined : flags.json;
  await checkReportsSpareInputs({ json: jsonTarget }, inputsOf(reference, flags.dockerfile), io);
  const analysis: Analysis = await loadAnalysis(reference, flags, io, { showProgress: jsonTarget !== "-", check });
  if (dockerfile !== undefined) annotatePackageLines(analysis, dockerfile, flags.target);
  const report = analysis.summary.packages;
  const selected = selectPackages(report?.packages ?? [], { layer, ecosystem, sort });
  if (jsonTarget !== undefined) {
    const out = {
      image: analysis.summary.image.reference,
      ...(layer !== undefined ? { layer } : {}),
      ...(ecosystem !== undefined ? { ecosystem } : {}),
      packages: selected,
      removed: (report?.removed ?? []).filter(
        (r) => (layer === undefined || r.removedLayer === layer) && (ecosystem === undefined || r.ecosystem === ecosystem),
      ),
      ownedBytes: report?.ownedBytes ?? 0,
      unownedBytes: report?.unownedBytes ?? analysis.summary.image.finalBytes,
      unownedFiles: report?.unownedFiles,
      ecosystems: report?.ecosystems ?? [],
      warnings: report?.warnings ?? [],
    };
    await writeReport(jsonTarget, JSON.stringify(out, null, 2) + "\n", io);
    if (jsonTarget !== "-") io.stdout(formatPackagesOutput(report, selected, layer, io.stdoutIsTTY ? (io.columns ?? 100) : 200));
    return 0;
  }
  io.stdout(formatPackagesOutput(report, selected, layer, io.stdoutIsTTY ? (io.columns ?? 100) : 200));
  return 0;
}

function formatPackagesOutput(report: PackageReport | undefined, selected: PackageInfo[], layer: number | undefined, width: number): string {
  if (!report) return "no package database found (dpkg, apk, rpm, Python or npm): every byte belongs to no package\n";
  const lines = [packageTotalsLine(report)];
  if (layer !== undefined)
    lines.push(`layer ${layer}: ${selected.length} packages installed or upgraded, ${bytes(selected.reduce((sum, p) => sum + p.bytes, 0))}`);
  if (selected.length > 0) lines.push(...formatPackageTable(selected, width));
  const removed = report.removed.filter((r) => layer === undefined || r.removedLayer === layer);
  for (const r of removed) lines.push(`  removed: ${r.ecosystem}:${r.name} ${r.version} (installed by layer ${r.layer}, removed by layer ${r.removedLayer})`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join("\n") + "\n";
}

function selectPackages(packages: readonly PackageInfo[], options: { layer?: number; ecosystem?: Ecosystem; sort: "bytes" | "name" }): PackageInfo[] {
  const selected = packages.filter(
    (p) =>
      (options.layer === undefined || p.layer === options.layer || p.upgradedLayer === options.layer) &&
      (options.ecosystem === undefined || p.ecosystem === options.ecosystem),
  );
  if (options.sort === "name") selected.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.ecosystem < b.ecosystem ? -1 : 1));
  return selected;
}

function parseEcosystem(value: string | undefined): Ecosystem | undefined {
  if (value === undefined) return undefined;
  if (!(ECOSYSTEMS as readonly string[]).includes(value)) throw new UsageError(`--ecosystem must be one of ${ECOSYSTEMS.join(", ")}, not "${value}"`);
  return value as Ecosystem;
}
