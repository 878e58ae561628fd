import { hierarchy, treemap, treemapSquarify, type HierarchyNode, type HierarchyRectangularNode } from "d3-hierarchy";
import { NodeKind, type PackedNode } from "../page-data.js";
import { bytes, clip, el, printable } from "./dom.js";

export type Block = HierarchyNode<PackedNode>;

/** What the mouse is over: a block of the data, or several small ones drawn as one "N files" block. */
export type Target = { block: Block; members?: undefined } | { block: Block; members: Block[] };

export interface TreemapOptions {
  root: PackedNode;
  /** Fill of a leaf (or of a closed directory, by its largest file) */
  color: (leaf: Block) => string;
  /** Tooltip lines: the first is the title */
  describe: (target: Target) => string[];
  height?: number;
}

interface View {
  block: Block;
  /** Set for a drawn group of small blocks of `block`'s children */
  members?: Block[];
  value: number;
  children?: View[];
}

/** Blocks smaller than this (px²) are grouped into one "N files" block; zooming in draws them one by one. */
const MIN_BLOCK_AREA = 120;
/** A directory is opened (its children drawn) only when it is at least this big (px²) */
const MIN_OPEN_AREA = 1600;
const MAX_CHILDREN = 250;
const MAX_DRAWN = 3500;
const HEADER = 16;

/**
 * A zoomable treemap: d3-hierarchy lays out the focused block's subtree, pruned to what is big enough to see
 * (the rest grouped per directory), so a tree of 100,000 files draws a few thousand boxes at any zoom.
 */
export class Treemap {
  readonly element: HTMLElement;
  private readonly crumbs: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly rootBlock: Block;
  private focus: Target;
  private drawn: View[] = [];
  private options: TreemapOptions;

  constructor(options: TreemapOptions) {
    this.options = options;
    this.rootBlock = hierarchy(options.root, (node) => (Array.isArray(node[4]) ? node[4] : null))
      .sum((node) => (Array.isArray(node[4]) ? 0 : node[1]))
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    this.focus = { block: this.rootBlock };
    this.crumbs = el("nav", { class: "crumbs" });
    this.canvas = el("div", { class: "treemap", data: { testid: "treemap" } });
    this.canvas.style.height = `${options.height ?? 560}px`;
    this.tooltip = el("div", { class: "tooltip", data: { testid: "tooltip" } });
    this.tooltip.hidden = true;
    this.element = el("div", { class: "treemap-box" }, this.crumbs, this.canvas, this.tooltip);
    this.canvas.addEventListener("mousemove", (event) => this.hover(event));
    this.canvas.addEventListener("mouseleave", () => (this.tooltip.hidden = true));
    this.canvas.addEventListener("click", (event) => this.click(event));
    let pending = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => this.render());
    });
  }

  get root(): Block {
    return this.rootBlock;
  }

  setColor(color: (leaf: Block) => string): void {
    this.options = { ...this.options, color };
    this.render();
  }

  zoomTo(target: Target): void {
    this.focus = target;
    this.tooltip.hidden = true;
    this.render();
  }

  render(): void {
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (width === 0 || height === 0) return;
    this.renderCrumbs();
    const focusValue = this.focus.members ? sum(this.focus.members) : (this.focus.block.value ?? 0);
    const scale = focusValue > 0 ? (width * height) / focusValue : 0;
    const budget = { left: MAX_DRAWN };
    const top: View = this.focus.members
      ? { block: this.focus.block, value: focusValue, children: openChildren(this.focus.members, scale, 0, budget) }
      : openView(this.focus.block, scale, 0, budget, true);
    const laid = treemap<View>()
      .tile(treemapSquarify)
      .size([width, height])
      .paddingInner(1)
      .paddingOuter((node) => (node.depth === 0 ? 0 : 2))
      .paddingTop((node) => (node.depth === 0 ? 0 : node.y1 - node.y0 > HEADER * 2.5 ? HEADER : 2))
      .round(true)(hierarchy(top, (view) => view.children).sum((view) => (view.children ? 0 : view.value)));

    this.drawn = [];
    const fragment = document.createDocumentFragment();
    for (const node of laid.descendants()) {
      if (node.depth === 0) continue;
      const box = this.box(node, this.drawn.length);
      if (box) {
        this.drawn.push(node.data);
        fragment.append(box);
      }
    }
    this.canvas.replaceChildren(fragment);
  }

  private box(node: HierarchyRectangularNode<View>, index: number): HTMLElement | undefined {
    const w = node.x1 - node.x0;
    const h = node.y1 - node.y0;
    if (w < 1 || h < 1) return undefined;
    const view = node.data;
    const open = view.children !== undefined;
    const box = el("div", { class: `block${open ? " open" : ""}${view.members ? " group" : ""}`, data: { i: String(index) } });
    box.style.left = `${node.x0}px`;
    box.style.top = `${node.y0}px`;
    box.style.width = `${w}px`;
    box.style.height = `${h}px`;
    if (!open) box.style.background = this.options.color(representative(view.members ? view.members[0] : view.block));
    if (w > 36 && h > 13) {
      const name = view.members ? `${view.members.length} smaller blocks` : clip(view.block.data[0], 200);
      box.append(el("span", { class: "label" }, `${name} ${bytes(view.value)}`));
    }
    return box;
  }

  private renderCrumbs(): void {
    const path = this.focus.block.ancestors().reverse();
    const items: Node[] = path.map((block, i) => {
      const button = el("button", { class: "crumb", data: { depth: String(i) }, title: printable(block.data[0]) }, clip(block.data[0], 120));
      button.addEventListener("click", () => this.zoomTo({ block }));
      return button;
    });
    if (this.focus.members) items.push(el("span", { class: "crumb current" }, `${this.focus.members.length} smaller blocks`));
    const focusBytes = this.focus.members ? sum(this.focus.members) : (this.focus.block.value ?? 0);
    this.crumbs.replaceChildren(...items, el("span", { class: "crumb-size" }, bytes(focusBytes)));
  }

  private targetOf(event: MouseEvent): Target | undefined {
    const box = (event.target as HTMLElement | null)?.closest<HTMLElement>(".block");
    const view = box ? this.drawn[Number(box.dataset.i)] : undefined;
    if (!view) return undefined;
    return view.members ? { block: view.block, members: view.members } : { block: view.block };
  }

  private hover(event: MouseEvent): void {
    const target = this.targetOf(event);
    if (!target) {
      this.tooltip.hidden = true;
      return;
    }
    const [title, ...lines] = this.options.describe(target);
    this.tooltip.replaceChildren(el("div", { class: "tip-title" }, title), ...lines.map((line) => el("div", {}, line)));
    this.tooltip.hidden = false;
    const box = this.element.getBoundingClientRect();
    const x = event.clientX - box.left + 14;
    const y = event.clientY - box.top + 14;
    const maxX = box.width - this.tooltip.offsetWidth - 4;
    this.tooltip.style.left = `${Math.max(0, Math.min(x, maxX))}px`;
    this.tooltip.style.top = `${y}px`;
  }

  /** A group zooms into its blocks, a directory into itself, a file into its directory. */
  private click(event: MouseEvent): void {
    const target = this.targetOf(event);
    if (!target) return;
    if (target.members) this.zoomTo(target);
    else if (target.block.children) this.zoomTo({ block: target.block });
    else if (target.block.parent && target.block.parent !== this.focus.block) this.zoomTo({ block: target.block.parent });
  }
}

function openView(block: Block, scale: number, depth: number, budget: { left: number }, force = false): View {
  const value = block.value ?? 0;
  budget.left--;
  if (!block.children || (!force && (value * scale < MIN_OPEN_AREA || depth > 12 || budget.left <= 0))) return { block, value };
  return { block, value, children: openChildren(block.children, scale, depth, budget) };
}

function openChildren(blocks: Block[], scale: number, depth: number, budget: { left: number }): View[] {
  const views: View[] = [];
  const small: Block[] = [];
  for (const child of blocks) {
    if ((child.value ?? 0) * scale >= MIN_BLOCK_AREA && views.length < MAX_CHILDREN && budget.left > 0) views.push(openView(child, scale, depth + 1, budget));
    else small.push(child);
  }
  if (small.length === 1) views.push({ block: small[0], value: small[0].value ?? 0 });
  else if (small.length > 1) views.push({ block: small[0].parent ?? small[0], members: small, value: sum(small) });
  return views;
}

function sum(blocks: Block[]): number {
  return blocks.reduce((total, block) => total + (block.value ?? 0), 0);
}

/** The leaf a closed directory is painted by: its largest file, its largest directory's largest file, … */
function representative(block: Block): Block {
  let node = block;
  while (node.children && node.children.length > 0) node = node.children[0];
  return node;
}

/** `/usr/lib/x.so` for a block under a tree's root (`/`, or `/var` once chains merged); undefined for sections. */
export function pathOf(block: Block): string | undefined {
  const names: string[] = [];
  for (let node: Block | null = block; node; node = node.parent) {
    const name = node.data[0];
    if (name.startsWith("/") && node.data[3] === NodeKind.dir) return [name === "/" ? "" : name, ...names.reverse()].join("/") || "/";
    names.push(node.data[0]);
  }
  return undefined;
}
