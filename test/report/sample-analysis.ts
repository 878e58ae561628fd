import type { ImageAnalysis } from "../../src/analysis/types.js";
import type { FileNode } from "../../src/tree/types.js";

/** A hand-made analysis with Dive's figures of its test-docker-image.tar and a few layerscope figures. */
export function sampleAnalysis(): ImageAnalysis {
  return {
    image: {
      reference: "test-docker-image.tar",
      format: "docker-archive",
      name: "dive-example:latest",
      os: "linux",
      architecture: "amd64",
      layerCount: 3,
      totalBytes: 1_000_000,
      finalBytes: 900_000,
      shadowedBytes: 40_000,
      deletedBytes: 50_000,
      junkBytes: 10_000,
      wastedBytes: 100_000,
      efficiency: 0.9,
      fileCount: 42,
      dive: {
        efficiencyScore: 0.9844212134184309,
        sizeBytes: 1220598,
        userSizeBytes: 66237,
        inefficientBytes: 32025,
        userWastedPercent: 0.4834911001404049,
        fileReference: [{ file: "/root/saved.txt", count: 2, sizeBytes: 12810 }],
      },
    },
    layers: [
      layer(0, 950_000, "ADD file:abc in / "),
      layer(1, 40_000, 'RUN apt-get update && apt-get install -y curl | tee <log> & echo "done"'),
      layer(2, 10_000, ""),
    ],
    waste: [
      { path: "/var/lib/apt/lists/a|b", bytes: 50_000, kind: "deleted", addedBy: 1, removedBy: 2 },
      { path: "/etc/big.conf", bytes: 40_000, kind: "shadowed", addedBy: 0, removedBy: 1 },
      { path: "/tmp/x<y>&z", bytes: 10_000, kind: "junk", addedBy: 1, rule: "tmp" },
    ],
  };
}

function layer(index: number, sizeBytes: number, command: string): ImageAnalysis["layers"][number] {
  return {
    index,
    digest: `sha256:${String(index).repeat(64)}`,
    sizeBytes,
    entries: 10,
    command,
    added: 3 + index,
    modified: index,
    removed: index * 2,
    addedBytes: sizeBytes,
    modifiedBytes: 0,
    removedBytes: 0,
  };
}

export function node(path: string, children?: FileNode[], change?: FileNode["change"]): FileNode {
  const name = path === "/" ? "" : path.slice(path.lastIndexOf("/") + 1);
  return {
    name,
    path,
    type: children ? "dir" : "file",
    mode: children ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 0,
    linkname: "",
    layer: 0,
    totalSize: 0,
    children,
    change,
  };
}
