import type { Hint } from "../../../analysis/hints/types.js";
import type { WasteGroup } from "../../../analysis/waste-groups.js";
import type { PackageInfo, PackageReport } from "../../../packages/types.js";
import { NodeKind, type AnalysisPageData, type PageImage, type PageLayer } from "../page-data.js";
import { removableText } from "../../hints-removable.js";
import { bytes, clip, counted, el, figure, layerColor, percent, printable, section } from "./dom.js";
import { layersChart, layerTitle, swatch } from "./layers-chart.js";
import { dataTable } from "./table.js";
import { hintOrigin } from "../../hints-where.js";
import { duplicatesSection } from "./duplicates-section.js";
import { hintItem } from "./hint-item.js";
import { pathOf, Treemap, type Block, type Target } from "./treemap.js";

const KIND_COLORS: Record<number, string> = {
  [NodeKind.final]: "var(--final)",
  [NodeKind.junk]: "var(--junk)",
  [NodeKind.shadowed]: "var(--shadowed)",
  [NodeKind.deleted]: "var(--deleted)",
};

export function analysisView(data: AnalysisPageData): (HTMLElement | null)[] {
  const { image } = data;
  const header = el(
    "header",
    { class: "page-head" },
    el("h1", { data: { testid: "title" } }, clip(image.name ?? image.reference, 200)),
    el(
      "div",
      { class: "subtitle" },
      clip([image.reference, image.format, [image.os, image.architecture].filter(Boolean).join("/")].filter(Boolean).join(" · "), 300),
    ),
  );
  return [
    header,
    headline(data),
    treemapSection(data),
    section("Layers", layersChart(data.layers)),
    hintsSection(data.hints, data.layers, data.hintsRemovableBytes, data.image.totalBytes),
    wasteSection(data),
    duplicatesSection(data.duplicates),
    packagesSection(data.packages),
  ];
}

function headline(data: AnalysisPageData): HTMLElement {
  const { image } = data;
  const figures = el(
    "div",
    { class: "figures", data: { testid: "figures" } },
    figure("totalBytes", "image size (all layers)", bytes(image.totalBytes), image.totalBytes),
    figure("finalBytes", "final files", bytes(image.finalBytes), image.finalBytes),
    figure("wastedBytes", "wasted", bytes(image.wastedBytes), image.wastedBytes, image.wastedBytes > 0 ? "warn" : undefined),
    figure("deletedBytes", "deleted", bytes(image.deletedBytes), image.deletedBytes),
    figure("shadowedBytes", "shadowed", bytes(image.shadowedBytes), image.shadowedBytes),
    figure("junkBytes", "junk", bytes(image.junkBytes), image.junkBytes),
    figure("efficiency", "layerscope efficiency", percent(image.efficiency), image.efficiency),
    figure("diveEfficiency", "Dive efficiency", percent(image.dive.efficiencyScore), image.dive.efficiencyScore),
    figure("diveWastedBytes", "Dive wasted", bytes(image.dive.inefficientBytes), image.dive.inefficientBytes),
    figure("diveUserWastedPercent", "Dive user wasted", percent(image.dive.userWastedPercent), image.dive.userWastedPercent),
    figure("layerCount", "layers", String(image.layerCount), image.layerCount),
    figure("fileCount", "entries", image.fileCount.toLocaleString("en-US"), image.fileCount),
    figure("verdict", "rules", data.verdict.toUpperCase(), data.verdict, data.verdict === "fail" ? "bad" : "good"),
    ...baselineFigure(data.baseline),
    ...baseFigures(image.base),
  );
  const rules = el(
    "ul",
    { class: "rules", data: { testid: "rules" } },
    ...data.rules.map((rule) =>
      el("li", { class: `rule ${rule.status}` }, el("b", {}, rule.status.toUpperCase()), ` ${rule.name}: ${printable(rule.message)}`),
    ),
  );
  const decidedBy = data.decidedBy ? el("p", { class: "decided-by", data: { testid: "decided-by" } }, `Decided by ${printable(data.decidedBy)}.`) : undefined;
  return section("Figures", figures, decidedBy, rules, ...baselineChecks(data.baseline));
}

/** With `--baseline` and `diff:` limits, the run fails on a regression too: its verdict beside the rules'. */
function baselineFigure(baseline: AnalysisPageData["baseline"]): HTMLElement[] {
  if (!baseline || baseline.verdict === "unchecked") return [];
  return [figure("baselineVerdict", "against the baseline", baseline.verdict.toUpperCase(), baseline.verdict, baseline.verdict === "fail" ? "bad" : "good")];
}

function baselineChecks(baseline: AnalysisPageData["baseline"]): HTMLElement[] {
  if (!baseline || baseline.verdict === "unchecked") return [];
  return [
    el("p", { class: "decided-by" }, `Against the baseline ${clip(baseline.reference, 200)}, the diff: limits of the config:`),
    el(
      "ul",
      { class: "rules", data: { testid: "baseline-checks" } },
      ...baseline.checks.map((check) =>
        el("li", { class: `rule ${check.status}` }, el("b", {}, check.status.toUpperCase()), ` ${check.name}: ${printable(check.message)}`),
      ),
    ),
  ];
}

/** Yours against inherited (the layers that came with FROM), when the base was told. */
function baseFigures(base: PageImage["base"]): HTMLElement[] {
  if (base === undefined || base.evidence === "none") return [];
  const name = base.name ? clip(base.name, 80) : "unknown";
  return [
    figure("yoursBytes", "yours", bytes(base.yours.sizeBytes), base.yours.sizeBytes),
    figure("yoursWastedBytes", "yours wasted", bytes(base.yours.wastedBytes), base.yours.wastedBytes, base.yours.wastedBytes > 0 ? "warn" : undefined),
    figure("inheritedBytes", `inherited from ${name} (by ${base.evidence})`, bytes(base.inherited.sizeBytes), base.inherited.sizeBytes),
    figure("inheritedWastedBytes", "inherited wasted", bytes(base.inherited.wastedBytes), base.inherited.wastedBytes),
  ];
}

function treemapSection(data: AnalysisPageData): HTMLElement {
  const layers = data.layers;
  const byLayer = (leaf: Block): string => (leaf.data[3] === NodeKind.group || leaf.data[3] === NodeKind.section ? "var(--neutral)" : layerColor(leaf.data[2]));
  const byKind = (leaf: Block): string => KIND_COLORS[leaf.data[3]] ?? "var(--neutral)";
  const map = new Treemap({ root: data.tree.root, color: byLayer, describe: (target) => describe(target, data, layers) });
  const legend = el("div", { class: "legend" });
  const showLegend = (mode: "layer" | "kind"): void => {
    if (mode === "kind") legend.replaceChildren(...["final", "junk", "shadowed", "deleted"].map((kind) => swatch(`var(--${kind})`, kind)));
    else legend.replaceChildren(...layers.map((layer) => swatch(layerColor(layer.index), `#${layer.index}`)));
  };
  const toggle = el("div", { class: "toggle", data: { testid: "color-toggle" } });
  for (const [mode, label] of [
    ["layer", "colour by layer"],
    ["kind", "colour by waste kind"],
  ] as const) {
    const button = el("button", { data: { mode } }, label);
    button.addEventListener("click", () => {
      for (const other of toggle.querySelectorAll("button")) other.classList.toggle("active", other === button);
      showLegend(mode);
      map.setColor(mode === "layer" ? byLayer : byKind);
    });
    if (mode === "layer") button.classList.add("active");
    toggle.append(button);
  }
  showLegend("layer");
  const note =
    data.tree.groupedBelow > 0
      ? el("p", { class: "note" }, `Files under ${bytes(data.tree.groupedBelow)} are grouped per directory in this report's data.`)
      : null;
  const box = section(
    "Where the bytes are",
    el("div", { class: "map-tools" }, toggle, legend),
    map.element,
    note,
    el(
      "p",
      { class: "note" },
      "Click a block to zoom in, a name in the path above to zoom out. Deleted and shadowed bytes are drawn under the layer that shipped them.",
    ),
  );
  requestAnimationFrame(() => map.render());
  return box;
}

function layerLines(layers: readonly PageLayer[], index: number, role: string): string[] {
  const layer = layers[index];
  if (!layer) return [];
  const lines = [`${role}: ${layerTitle(layer).replace(/^layer \d+( \(Dockerfile:\d+\))?: /, `layer ${index}: `)}`];
  if (layer.dockerfileLine !== undefined) lines.push(`Dockerfile line ${layer.dockerfileLine}`);
  return lines;
}

function describe(target: Target, data: AnalysisPageData, layers: readonly PageLayer[]): string[] {
  const { block } = target;
  if (target.members) {
    const total = target.members.reduce((sum, member) => sum + (member.value ?? 0), 0);
    return [`${target.members.length} smaller blocks in ${clip(pathOf(block) ?? block.data[0], 200)}`, bytes(total), "click to draw them one by one"];
  }
  const [name, , layer, kind, children, extra] = block.data;
  const path = pathOf(block);
  const title = clip(path ?? name, 300);
  const size = bytes(block.value ?? 0);
  switch (kind) {
    case NodeKind.group:
      return [
        `${children} files in ${clip(pathOf(block.parent ?? block) ?? "", 200)}`,
        size,
        `each under ${bytes(data.tree.groupedBelow)}: grouped in the report's data`,
      ];
    case NodeKind.section:
      return layer >= 0 ? [title, size, ...layerLines(layers, layer, "shipped by")] : [title, size];
    case NodeKind.dir:
      return [title, `${size} (directory)`];
    case NodeKind.final:
      return [title, `${size} · final file`, ...layerLines(layers, layer, "written by")];
    case NodeKind.junk:
      return [title, `${size} · junk (${data.junkRules[extra ?? -1] ?? "rule"})`, ...layerLines(layers, layer, "written by")];
    default: {
      const what = kind === NodeKind.deleted ? "deleted" : "shadowed";
      const removed = layerLines(layers, extra ?? -1, kind === NodeKind.deleted ? "removed by" : "replaced by");
      return [title, `${size} · ${what}`, ...layerLines(layers, layer, "shipped by"), ...removed.slice(0, 1)];
    }
  }
}

function hintsSection(hints: readonly Hint[], layers: readonly PageLayer[], removable: number, imageBytes: number): HTMLElement {
  if (hints.length === 0) return section("Hints", el("p", { class: "note", data: { testid: "hints" } }, "No hints: nothing to fix that layerscope knows of."));
  const items = hints.map((hint) =>
    hintItem(
      hint,
      el(
        "div",
        { class: "hint-where" },
        hintOrigin(hint),
        hint.line !== undefined ? ` · Dockerfile:${hint.line}` : "",
        " · ",
        clip(hint.instruction ?? layers[hint.layer]?.command ?? "", 160),
        " · ",
        hint.id,
      ),
    ),
  );
  const total = el("p", { class: "note", data: { testid: "hints-removable", bytes: String(removable) } }, removableText(removable, imageBytes));
  return section("Hints", total, el("ul", { class: "hints", data: { testid: "hints" } }, ...items));
}

function wasteSection(data: AnalysisPageData): HTMLElement {
  const table = dataTable<WasteGroup>({
    rows: data.wasteGroups,
    presorted: true,
    testid: "waste",
    empty: "no waste",
    filterText: (group) => `${group.path} ${group.largest} ${group.kind} ${group.rule ?? ""}`,
    columns: [
      { title: "bytes", text: (group) => bytes(group.bytes), key: (group) => group.bytes, numeric: true },
      { title: "kind", text: (group) => (group.rule ? `${group.kind} (${group.rule})` : group.kind), key: (group) => group.kind },
      {
        title: "layers",
        text: (group) => (group.removedBy === undefined ? String(group.addedBy) : `${group.addedBy} → ${group.removedBy}`),
        key: (group) => group.addedBy,
        numeric: true,
      },
      { title: "files", text: (group) => group.files.toLocaleString("en-US"), key: (group) => group.files, numeric: true },
      {
        title: "path",
        text: (group) => clip(group.path, 160),
        key: (group) => group.path,
        hover: (group) =>
          group.files > 1
            ? `${clip(group.path, 1000)}: ${group.files.toLocaleString("en-US")} files, the largest ${clip(group.largest, 1000)}`
            : clip(group.path, 2000),
      },
    ],
  });
  return section("Waste", el("p", { class: "note" }, "Files of one cause (kind and layers) grouped by directory, largest first."), table);
}

/** The installed packages (deb, apk, Python, npm) with their bytes in the final tree. */
function packagesSection(report: PackageReport | undefined): HTMLElement | null {
  if (!report) return null;
  const table = dataTable<PackageInfo>({
    rows: report.packages,
    testid: "packages",
    limit: 100,
    empty: "no packages",
    filterText: (pkg) => `${pkg.name} ${pkg.version} ${pkg.ecosystem} ${pkg.reason}${pkg.buildTool ? " build-tool" : ""}`,
    columns: [
      { title: "bytes", text: (pkg) => bytes(pkg.bytes), key: (pkg) => pkg.bytes, numeric: true },
      { title: "package", text: (pkg) => clip(pkg.name, 120), key: (pkg) => pkg.name },
      { title: "version", text: (pkg) => clip(pkg.version, 60), key: (pkg) => pkg.version },
      { title: "kind", text: (pkg) => pkg.ecosystem, key: (pkg) => pkg.ecosystem },
      {
        title: "why",
        text: (pkg) => `${pkg.reason}${pkg.buildTool ? " · build tool" : ""}`,
        key: (pkg) => pkg.reason,
        hover: (pkg) => (pkg.pulledBy ? `pulled in by ${pkg.pulledBy.join(", ")}` : ""),
      },
      { title: "layer", text: (pkg) => `${pkg.layer}${pkg.line !== undefined ? ` (Dockerfile:${pkg.line})` : ""}`, key: (pkg) => pkg.layer, numeric: true },
      { title: "files", text: (pkg) => pkg.files.toLocaleString("en-US"), key: (pkg) => pkg.files, numeric: true },
    ],
  });
  const summary = el(
    "p",
    { class: "note", data: { testid: "packages-summary" } },
    `${counted(report.packages.length, "package")} (${report.ecosystems.join(", ")}) own ${bytes(report.ownedBytes)}; ${bytes(report.unownedBytes)} in ${counted(report.unownedFiles, "file")} belong to no package`,
    report.removed.length > 0 ? `; ${report.removed.length} removed by a later layer` : "",
  );
  const warnings = report.warnings.map((warning) => el("p", { class: "note" }, printable(warning)));
  return section("Packages", summary, ...warnings, table);
}
