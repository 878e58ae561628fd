import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

/** `umoci unpack` of an OCI layout (ref `latest`): the root filesystem, as a third-party tool lays it out. */
export function unpackRootfs(layout: string, tempDir: (prefix: string) => string): string {
  const bundle = join(tempDir("layerscope-pkg-"), "bundle");
  execFileSync("umoci", ["unpack", "--image", `${layout}:latest`, bundle], { stdio: "ignore" });
  return join(bundle, "rootfs");
}

/** The installed packages of an unpacked root's dpkg status: `name` or `name:arch` (Multi-Arch: same) → version */
export function dpkgInstalled(rootfs: string): Map<string, { name: string; version: string; id: string }> {
  const out = new Map<string, { name: string; version: string; id: string }>();
  for (const stanza of readFileSync(join(rootfs, "var/lib/dpkg/status"), "utf8").split(/\n\n+/)) {
    const field = (name: string): string | undefined => new RegExp(`^${name}: (.*)$`, "m").exec(stanza)?.[1];
    const name = field("Package");
    if (!name || !/ installed$/.test(field("Status") ?? "")) continue;
    const arch = field("Architecture");
    const id = field("Multi-Arch") === "same" ? `${name}:${arch}` : name;
    out.set(name, { name, version: field("Version") ?? "", id });
  }
  return out;
}

/**
 * Bytes per package computed from the unpacked files: each `.list` path resolved by the kernel (realpath, so the
 * usrmerge symlinks are followed), regular files only, each inode counted once, for the first package in `order`.
 */
export function listSums(rootfs: string, order: Array<{ name: string; id: string }>): { bytes: Map<string, number>; owned: number; total: number } {
  const claimed = new Set<string>();
  const bytes = new Map<string, number>();
  let owned = 0;
  for (const pkg of order) {
    let sum = 0;
    const list = join(rootfs, "var/lib/dpkg/info", `${pkg.id}.list`);
    const text = existsSync(list) ? readFileSync(list, "utf8") : "";
    for (const path of text.split("\n")) {
      if (path === "" || path === "/.") continue;
      const slash = path.lastIndexOf("/");
      let parent: string;
      try {
        parent = realpathSync(join(rootfs, path.slice(0, slash)));
      } catch {
        continue;
      }
      if (!parent.startsWith(rootfs)) continue;
      let stat;
      try {
        stat = lstatSync(join(parent, path.slice(slash + 1)));
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const inode = `${stat.dev}:${stat.ino}`;
      if (claimed.has(inode)) continue;
      claimed.add(inode);
      sum += stat.size;
    }
    bytes.set(pkg.name, sum);
    owned += sum;
  }
  return { bytes, owned, total: regularBytes(rootfs) };
}

/** Σ of the sizes of the regular files under a root, each inode once */
function regularBytes(root: string): number {
  const seen = new Set<string>();
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) {
        const stat = lstatSync(path);
        const inode = `${stat.dev}:${stat.ino}`;
        if (!seen.has(inode)) {
          seen.add(inode);
          total += stat.size;
        }
      }
    }
  }
  return total;
}
