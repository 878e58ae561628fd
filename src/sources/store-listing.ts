import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { containerdSocket, type ContainerdOptions } from "./containerd.js";
import { runCommand } from "./command.js";
import { ImageError } from "./types.js";

/** Image names in a store are plain references: anything else (control characters, spaces) is left out. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]{0,511}$/;

/** The images of a containerd namespace, as `containerd://NAME` references (through `ctr images ls -q`). */
export async function listContainerdImages(options: ContainerdOptions & { namespace: string }): Promise<string[]> {
  const socket = containerdSocket(options);
  if (socket === undefined) throw new ImageError("no containerd socket found (set --containerd-address or CONTAINERD_ADDRESS)");
  const context = { where: `containerd at ${socket}, namespace ${options.namespace}`, installHint: "it comes with containerd: apt-get install containerd" };
  const output = await runCommand("ctr", ["--address", socket, "--namespace", options.namespace, "--connect-timeout", "10s", "images", "ls", "-q"], context);
  const names = output.toString("utf8").split("\n").map((line) => line.trim()).filter((name) => NAME.test(name));
  // a name@digest record of the same image (what an unpacked pull by digest leaves) is the same image again
  return [...new Set(names)].sort().map((name) => `containerd://${name}`);
}

/**
 * The named images of a buildah/podman store, read from its `<driver>-images/images.json` (no daemon, no
 * command), as `containers-storage:[DRIVER@ROOT(+RUNROOT)]NAME` references. `spec` is `[DRIVER@]ROOT[+RUNROOT]`.
 */
export async function listStorageImages(spec: string): Promise<{ references: string[]; unnamed: number }> {
  const at = spec.indexOf("@");
  const given = at > 0 ? spec.slice(0, at) : undefined;
  const [root, runroot] = (at > 0 ? spec.slice(at + 1) : spec).split("+");
  const entries = await readdir(root).catch(() => {
    throw new ImageError(`no containers-storage at ${root}`);
  });
  const drivers = given !== undefined ? [given] : entries.filter((name) => name.endsWith("-images")).map((name) => name.slice(0, -"-images".length));
  if (drivers.length === 0) throw new ImageError(`${root}: no images in this containers-storage (no <driver>-images directory)`);
  const references: string[] = [];
  let unnamed = 0;
  for (const driver of drivers) {
    const file = join(root, `${driver}-images`, "images.json");
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    let images: unknown;
    try {
      images = JSON.parse(text);
    } catch {
      throw new ImageError(`${file}: not JSON`);
    }
    if (!Array.isArray(images)) throw new ImageError(`${file}: not a list of images`);
    const store = `[${driver}@${root}${runroot !== undefined ? `+${runroot}` : ""}]`;
    for (const image of images) {
      const names = (image as { names?: unknown }).names;
      const valid = Array.isArray(names) ? names.filter((name): name is string => typeof name === "string" && NAME.test(name)) : [];
      if (valid.length === 0) unnamed++;
      for (const name of valid) references.push(`containers-storage:${store}${name}`);
    }
  }
  return { references: references.sort(), unnamed };
}
