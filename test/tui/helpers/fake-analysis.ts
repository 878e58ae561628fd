import type { Analysis, LayerSummary, WasteItem } from "../../../src/analysis/types.js";
import type { PathChange } from "../../../src/tree/types.js";
import type { EntryType } from "../../../src/tar/types.js";
import type { FileNode, TreeModel } from "../../../src/tree/types.js";

/** One entry of a fake layer: a file or dir written, or a path removed (with everything below it). */
interface FakeEntry {
  path: string;
  type?: EntryType;
  size?: number;
  remove?: boolean;
}

export interface FakeLayer {
  command: string;
  entries: FakeEntry[];
}

interface Held {
  type: EntryType;
  size: number;
  layer: number;
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

/** A small in-memory TreeModel that follows the TreeModel contract, for UI tests without images. */
class FakeTreeModel implements TreeModel {
  treeAtCalls = 0;

  constructor(private readonly layers: FakeLayer[]) {}

  get layerCount(): number {
    return this.layers.length;
  }

  private stateAfter(n: number): { state: Map<string, Held>; changes: PathChange[]; removed: Map<string, Held> } {
    const state = new Map<string, Held>();
    let changes: PathChange[] = [];
    let removed = new Map<string, Held>();
    for (let i = 0; i <= n; i++) {
      changes = [];
      removed = new Map();
      for (const entry of this.layers[i].entries) {
        if (entry.remove) {
          for (const [path, held] of [...state]) {
            if (path === entry.path || path.startsWith(entry.path + "/")) {
              state.delete(path);
              removed.set(path, held);
              changes.push({ path, kind: "removed", type: held.type, size: held.size, meta: FAKE_META });
            }
          }
          continue;
        }
        for (let p = parentOf(entry.path); p !== "/" && !state.has(p); p = parentOf(p)) {
          state.set(p, { type: "dir", size: 0, layer: -1 });
        }
        const type = entry.type ?? "file";
        const size = type === "file" ? (entry.size ?? 0) : 0;
        changes.push({ path: entry.path, kind: state.has(entry.path) ? "modified" : "added", type, size, meta: FAKE_META });
        state.set(entry.path, { type, size, layer: i });
      }
    }
    changes.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { state, changes, removed };
  }

  changesOf(n: number): PathChange[] {
    return this.stateAfter(n).changes;
  }

  treeAt(n: number): FileNode {
    this.treeAtCalls++;
    const { state, changes, removed } = this.stateAfter(n);
    const kinds = new Map(changes.map((c) => [c.path, c.kind]));
    const all = new Map<string, Held>([...removed, ...state]);
    const root = rootNode([]);
    const nodes = new Map<string, FileNode>([["/", root]]);
    for (const path of [...all.keys()].sort()) {
      const held = all.get(path)!;
      const node: FileNode = {
        name: path.slice(path.lastIndexOf("/") + 1),
        path,
        type: held.type,
        mode: held.type === "dir" ? 0o755 : 0o644,
        uid: 0,
        gid: 0,
        size: held.size,
        mtime: 0,
        linkname: "",
        layer: held.layer,
        totalSize: held.size,
        children: held.type === "dir" ? [] : undefined,
        change: kinds.get(path),
      };
      nodes.set(path, node);
      nodes.get(parentOf(path))!.children!.push(node);
    }
    const total = (node: FileNode): number => {
      if (node.children) {
        node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        node.totalSize = node.children.reduce((sum, kid) => sum + (kid.change === "removed" ? 0 : total(kid)), 0);
      }
      return node.totalSize;
    };
    total(root);
    return root;
  }
}

export function fakeAnalysis(layers: FakeLayer[], waste: WasteItem[] = []): Analysis {
  const tree = new FakeTreeModel(layers);
  const summaries: LayerSummary[] = layers.map((layer, i) => {
    const changes = tree.changesOf(i);
    const of = (kind: string): PathChange[] => changes.filter((c) => c.kind === kind);
    const sum = (list: PathChange[]): number => list.reduce((s, c) => s + c.size, 0);
    return {
      index: i,
      digest: `sha256:${String(i).padStart(64, "0")}`,
      sizeBytes: layer.entries.reduce((s, e) => s + (e.size ?? 0), 0),
      entries: layer.entries.length,
      command: layer.command,
      added: of("added").length,
      modified: of("modified").length,
      removed: of("removed").length,
      addedBytes: sum(of("added")),
      modifiedBytes: sum(of("modified")),
      removedBytes: sum(of("removed")),
    };
  });
  const totalBytes = summaries.reduce((s, l) => s + l.sizeBytes, 0);
  const wastedBytes = waste.reduce((s, w) => s + w.bytes, 0);
  return {
    summary: {
      image: {
        reference: "fake.tar",
        format: "docker-archive",
        layerCount: layers.length,
        totalBytes,
        finalBytes: totalBytes - wastedBytes,
        shadowedBytes: waste.filter((w) => w.kind === "shadowed").reduce((s, w) => s + w.bytes, 0),
        deletedBytes: waste.filter((w) => w.kind === "deleted").reduce((s, w) => s + w.bytes, 0),
        junkBytes: waste.filter((w) => w.kind === "junk").reduce((s, w) => s + w.bytes, 0),
        wastedBytes,
        efficiency: totalBytes === 0 ? 1 : 1 - wastedBytes / totalBytes,
        fileCount: 0,
        dive: { efficiencyScore: 0.95, sizeBytes: totalBytes, userSizeBytes: totalBytes, inefficientBytes: 0, userWastedPercent: 0, fileReference: [] },
      },
      layers: summaries,
      waste,
    },
    tree,
    config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
  };
}

/** A three-layer image: a base, an apt-like layer, and a cleanup layer that removes and modifies things. */
export function sampleAnalysis(): Analysis {
  return fakeAnalysis(
    [
      {
        command: "/bin/sh -c #(nop) ADD file:abc in / ",
        entries: [
          { path: "/bin", type: "dir" },
          { path: "/bin/sh", size: 1000 },
          { path: "/bin/ls", size: 2000 },
          { path: "/etc", type: "dir" },
          { path: "/etc/passwd", size: 100 },
          { path: "/etc/hosts", size: 50 },
        ],
      },
      {
        command: "/bin/sh -c apt-get update && apt-get install -y curl",
        entries: [
          { path: "/var/lib/apt/lists/main", size: 50_000 },
          { path: "/var/lib/apt/lists/security", size: 20_000 },
          { path: "/usr/bin/curl", size: 300_000 },
          { path: "/etc/passwd", size: 120 },
        ],
      },
      {
        command: "/bin/sh -c rm -rf /var/lib/apt/lists",
        entries: [
          { path: "/var/lib/apt/lists", remove: true },
          { path: "/etc/hosts", size: 60 },
          { path: "/tmp/cache.bin", size: 5_000 },
        ],
      },
    ],
    [
      { path: "/var/lib/apt/lists/main", bytes: 50_000, kind: "deleted", addedBy: 1, removedBy: 2 },
      { path: "/var/lib/apt/lists/security", bytes: 20_000, kind: "deleted", addedBy: 1, removedBy: 2 },
      { path: "/tmp/cache.bin", bytes: 5_000, kind: "junk", addedBy: 2, rule: "tmp" },
      { path: "/etc/passwd", bytes: 100, kind: "shadowed", addedBy: 0, removedBy: 1 },
    ],
  );
}

const FAKE_META = { mode: 0o644, uid: 0, gid: 0, linkname: "" };

/** The root of a tree, holding `children`. */
export function rootNode(children: FileNode[]): FileNode {
  return { name: "", path: "/", type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "", layer: -1, totalSize: 0, children };
}
