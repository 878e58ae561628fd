import type { Hint } from "../../../analysis/hints/types.js";
import type { Delta, DiffLayer, FileChange, PackageChange, PackageDiff, SharedLayer, TopList } from "../../../diff/types.js";
import { NodeKind, type DiffPageData } from "../page-data.js";
import { removableText } from "../../hints-removable.js";
import { bytes, clip, counted, el, percent, printable, section, signedBytes } from "./dom.js";
import { layerBarBytes, layersChart, swatch } from "./layers-chart.js";
import { dataTable } from "./table.js";
import { contentSection } from "./content-section.js";
import { hintItem } from "./hint-item.js";
import { pathOf, Treemap, type Block, type Target } from "./treemap.js";

const CHANGE_COLORS: Record<number, string> = {
  [NodeKind.added]: "var(--added)",
  [NodeKind.removed]: "var(--removed)",
  [NodeKind.grown]: "var(--grown)",
  [NodeKind.shrunk]: "var(--shrunk)",
};

export function diffView(data: DiffPageData): (HTMLElement | null)[] {
  const { diff } = data;
  const header = el(
    "header",
    { class: "page-head" },
    el(
      "h1",
      { data: { testid: "title" } },
      "diff: ",
      clip(diff.base.name ?? diff.base.reference, 120),
      " → ",
      clip(diff.head.name ?? diff.head.reference, 120),
    ),
    // the names alone do not tell two builds of one tag apart (`app:latest → app:latest`): what was read does
    el("div", { class: "subtitle", data: { testid: "references" } }, clip(diff.base.reference, 200), " → ", clip(diff.head.reference, 200)),
    el(
      "div",
      { class: "subtitle", data: { testid: "verdict", outcome: diff.assessment.outcome, verdict: diff.verdict } },
      `${data.verdict.icon} ${data.verdict.text}`,
    ),
    el("div", { class: "subtitle" }, data.verdict.figures),
  );
  const longestBar = Math.max(0, ...[...data.base.layers, ...data.head.layers].map(layerBarBytes));
  return [
    header,
    figuresSection(data),
    deltaTreemap(data),
    layersSection(data),
    hintsSection(diff),
    filesSection(diff.files),
    packagesSection(diff.packages),
    contentSection(diff.content),
    // one scale for both: the same layer in both images draws the same bar
    section("Layers of base", layersChart(data.base.layers, longestBar)),
    section("Layers of head", layersChart(data.head.layers, longestBar)),
  ];
}

function figuresSection(data: DiffPageData): HTMLElement {
  const { diff } = data;
  // a change is coloured by whether it is good: smaller sizes and waste, higher efficiency
  const row = (
    key: string,
    label: string,
    delta: Delta,
    show: (value: number) => string,
    signed: (value: number) => string,
    higherIsBetter = false,
  ): HTMLElement =>
    el(
      "tr",
      { data: { figure: key, base: String(delta.base), head: String(delta.head), delta: String(delta.delta) } },
      el("th", {}, label),
      el("td", { class: "num" }, show(delta.base)),
      el("td", { class: "num" }, show(delta.head)),
      el("td", { class: `num ${delta.delta === 0 ? "" : delta.delta > 0 === higherIsBetter ? "better" : "worse"}` }, signed(delta.delta)),
    );
  const points = (value: number): string => `${value > 0 ? "+" : ""}${(value * 100).toFixed(2)} pts`;
  const table = el(
    "table",
    { class: "figures-table", data: { testid: "diff-figures" } },
    el(
      "thead",
      {},
      el("tr", {}, el("th", {}, ""), el("th", { class: "num" }, "base"), el("th", { class: "num" }, "head"), el("th", { class: "num" }, "change")),
    ),
    el(
      "tbody",
      {},
      row("total", "image size (all layers)", diff.size.total, bytes, signedBytes),
      row("final", "final files", diff.size.final, bytes, signedBytes),
      row("wasted", "wasted", diff.size.wasted, bytes, signedBytes),
      diff.size.compressed ? row("compressed", "pull (compressed)", diff.size.compressed, bytes, signedBytes) : null,
      row("dive", "Dive image size", diff.size.dive, bytes, signedBytes),
      row("removable", "removable by the hints together", diff.hints.removable, bytes, signedBytes),
      row("efficiency", "layerscope efficiency", diff.efficiency.layerscope, percent, points, true),
      row("diveEfficiency", "Dive efficiency", diff.efficiency.dive, percent, points, true),
      row("diveUserWastedPercent", "Dive user wasted", diff.efficiency.diveUserWastedPercent, percent, points),
      row(
        "layers",
        "layers",
        { base: diff.base.layerCount, head: diff.head.layerCount, delta: diff.head.layerCount - diff.base.layerCount },
        String,
        (v) => `${v > 0 ? "+" : ""}${v}`,
      ),
    ),
  );
  const checks = el(
    "ul",
    { class: "rules" },
    ...diff.checks.map((check) =>
      el("li", { class: `rule ${check.status}` }, el("b", {}, check.status.toUpperCase()), ` ${check.name}: ${printable(check.message)}`),
    ),
  );
  return section("Figures", table, checks);
}

function deltaTreemap(data: DiffPageData): HTMLElement {
  const color = (leaf: Block): string => CHANGE_COLORS[leaf.data[3]] ?? "var(--neutral)";
  const map = new Treemap({ root: data.delta.root, color, describe: (target) => describeChange(target, data), height: 460 });
  const legend = el("div", { class: "legend" }, ...["added", "removed", "grown", "shrunk"].map((kind) => swatch(`var(--${kind})`, kind)));
  requestAnimationFrame(() => map.render());
  const empty = data.delta.fileCount === 0 ? el("p", { class: "note" }, "No file of the final trees changed size.") : null;
  return section(
    "Size changes of the final files",
    legend,
    empty ?? map.element,
    el("p", { class: "note" }, "Blocks are sized by how much a file grew or shrank; click to zoom in, a name in the path to zoom out."),
  );
}

function describeChange(target: Target, data: DiffPageData): string[] {
  const { block } = target;
  if (target.members)
    return [
      `${target.members.length} smaller changes in ${clip(pathOf(block) ?? "/", 200)}`,
      bytes(target.members.reduce((s, m) => s + (m.value ?? 0), 0)) + " changed",
      "click to draw them one by one",
    ];
  const [, , layer, kind, children, extra] = block.data;
  const title = clip(pathOf(block) ?? block.data[0], 300);
  if (kind === NodeKind.dir) return [title, `${bytes(block.value ?? 0)} changed (directory)`];
  if (kind === NodeKind.group)
    return [
      `${children} files in ${clip(pathOf(block.parent ?? block) ?? "", 200)}`,
      `each changed less than ${bytes(data.delta.groupedBelow)}: grouped in the report's data`,
    ];
  const base = extra ?? 0;
  const change = block.data[1];
  const head = kind === NodeKind.removed ? 0 : kind === NodeKind.shrunk ? base - change : base + change;
  const side = kind === NodeKind.removed ? data.base : data.head;
  const layerLine = side.layers[layer] ? `layer ${layer} of ${kind === NodeKind.removed ? "base" : "head"}: ${clip(side.layers[layer].command, 200)}` : "";
  const lineNo = side.layers[layer]?.dockerfileLine;
  const what = ["", "", "", "", "", "", "", "added", "removed", "grown", "shrunk"][kind];
  return [
    title,
    `${what}: ${bytes(base)} → ${bytes(head)} (${signedBytes(head - base)})`,
    layerLine,
    lineNo !== undefined ? `Dockerfile line ${lineNo}` : "",
  ].filter(Boolean);
}

function layersSection(data: DiffPageData): HTMLElement {
  const { shared, onlyBase, onlyHead } = data.diff.layers;
  const sharedTable = dataTable<SharedLayer>({
    rows: shared,
    testid: "layers-shared",
    empty: "no layer in common",
    columns: [
      { title: "base #", text: (l) => String(l.baseIndex), key: (l) => l.baseIndex, numeric: true },
      { title: "head #", text: (l) => String(l.headIndex), key: (l) => l.headIndex, numeric: true },
      { title: "bytes", text: (l) => bytes(l.sizeBytes), key: (l) => l.sizeBytes, numeric: true },
      { title: "instruction", text: (l) => clip(l.command, 140), hover: (l) => clip(l.command, 2000) },
    ],
  });
  const only = (rows: DiffLayer[], testid: string, empty: string): HTMLElement =>
    dataTable<DiffLayer>({
      rows,
      testid,
      empty,
      columns: [
        { title: "#", text: (l) => String(l.index), key: (l) => l.index, numeric: true },
        { title: "bytes", text: (l) => bytes(l.sizeBytes), key: (l) => l.sizeBytes, numeric: true },
        { title: "instruction", text: (l) => clip(l.command, 140), hover: (l) => clip(l.command, 2000) },
      ],
    });
  return section(
    "Layers",
    el(
      "div",
      { class: "columns" },
      el("div", {}, el("h3", {}, `shared (${shared.length})`), sharedTable),
      el("div", {}, el("h3", {}, `only in base (${onlyBase.length})`), only(onlyBase, "layers-only-base", "none")),
      el("div", {}, el("h3", {}, `only in head (${onlyHead.length})`), only(onlyHead, "layers-only-head", "none")),
    ),
  );
}

function hintsSection(diff: DiffPageData["diff"]): HTMLElement {
  const { new: added, gone, removable } = diff.hints;
  const list = (hints: Hint[], testid: string, empty: string): HTMLElement =>
    hints.length === 0
      ? el("p", { class: "note", data: { testid } }, empty)
      : el("ul", { class: "hints", data: { testid } }, ...hints.map((hint) => hintItem(hint)));
  const totals = el(
    "p",
    { class: "note", data: { testid: "hints-removable" } },
    `base: ${removableText(removable.base, diff.size.total.base)}`,
    el("br"),
    `head: ${removableText(removable.head, diff.size.total.head)}`,
  );
  return section(
    "Hints",
    totals,
    el(
      "div",
      { class: "columns" },
      el("div", {}, el("h3", {}, `new in head (${added.length})`), list(added, "hints-new", "no new hint")),
      el("div", {}, el("h3", {}, `gone since base (${gone.length})`), list(gone, "hints-gone", "none gone")),
    ),
  );
}

function filesSection(files: DiffPageData["diff"]["files"]): HTMLElement {
  const lists: [string, TopList<FileChange>][] = [
    ["added", files.added],
    ["removed", files.removed],
    ["grown", files.grown],
    ["shrunk", files.shrunk],
  ];
  const rows = lists.flatMap(([, list]) => list.items);
  const summary = el("p", { class: "note" }, lists.map(([name, list]) => `${name}: ${counted(list.count, "file")} (${bytes(list.bytes)})`).join(" · "));
  const table = dataTable<FileChange>({
    rows,
    testid: "file-changes",
    empty: "no file changed",
    filterText: (change) => `${change.path} ${change.kind}`,
    columns: [
      { title: "change", text: (c) => signedBytes(c.delta), key: (c) => Math.abs(c.delta), numeric: true },
      { title: "kind", text: (c) => c.kind, key: (c) => c.kind },
      { title: "base", text: (c) => bytes(c.baseBytes), key: (c) => c.baseBytes, numeric: true },
      { title: "head", text: (c) => bytes(c.headBytes), key: (c) => c.headBytes, numeric: true },
      { title: "path", text: (c) => clip(c.path, 160), key: (c) => c.path, hover: (c) => clip(c.path, 2000) },
    ],
  });
  return section("Largest file changes", summary, table);
}

/** Packages added, removed, upgraded or resized; nothing when neither image holds a package database. */
function packagesSection(packages: PackageDiff | undefined): HTMLElement | null {
  if (!packages) return null;
  const lists = [
    ["added", packages.added],
    ["removed", packages.removed],
    ["upgraded", packages.upgraded],
    ["resized", packages.resized],
  ] as const;
  const rows = lists.flatMap(([kind, list]) => list.map((change) => ({ kind, change })));
  const version = (value: string | undefined): string => (value === undefined ? "—" : clip(value, 60));
  const table = dataTable<{ kind: string; change: PackageChange }>({
    rows,
    testid: "package-changes",
    empty: "no package changed",
    filterText: ({ kind, change }) => `${change.name} ${kind} ${change.ecosystem}`,
    columns: [
      { title: "change", text: ({ change }) => signedBytes(change.delta), key: ({ change }) => Math.abs(change.delta), numeric: true },
      { title: "kind", text: ({ kind }) => kind, key: ({ kind }) => kind },
      { title: "package", text: ({ change }) => `${clip(change.name, 100)} (${change.ecosystem})`, key: ({ change }) => change.name },
      { title: "base", text: ({ change }) => version(change.baseVersion) },
      { title: "head", text: ({ change }) => version(change.headVersion) },
    ],
  });
  const summary = el(
    "p",
    { class: "note" },
    `packages own ${bytes(packages.bytes.base)} in base, ${bytes(packages.bytes.head)} in head (${signedBytes(packages.bytes.delta)}); `,
    lists.map(([kind, list]) => `${kind}: ${list.length}`).join(" · "),
  );
  return section("Packages", summary, table);
}
