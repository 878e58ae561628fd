import { constants, existsSync } from "node:fs";
import { access, stat } from "node:fs/promises";
import { documentLimit, sizeError, type BlobStore } from "../oci/blob-store.js";
import { runCommand, streamCommand, type CommandContext } from "../command.js";
import { checkDigestSyntax, verifyDigest } from "../oci/digest.js";
import { CONTAINERD_NAME, REF_NAME } from "../oci/manifest.js";
import { ociImageSource } from "../oci/oci-source.js";
import { resolveOciImage } from "../oci/oci-resolve.js";
import { normalizeDockerTag } from "../reference.js";
import { type ImageSource, type OpenImageOptions } from "../types.js";
import { ImageError } from "../../errors.js";

export interface ContainerdOptions {
  /** containerd's socket (default $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock, else k3s's) */
  containerdAddress?: string;
  /** containerd namespace (default $CONTAINERD_NAMESPACE, else `default`; Kubernetes uses `k8s.io`) */
  namespace?: string;
}

const DEFAULT_SOCKETS = ["/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock"];
const INSTALL_HINT = "it comes with containerd: apt-get install containerd";

/** The socket to use: the one given, else the first default that exists (undefined when none does). */
export function containerdSocket(options: ContainerdOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = options.containerdAddress ?? env.CONTAINERD_ADDRESS;
  if (given) return given.replace(/^unix:\/\//, "");
  return DEFAULT_SOCKETS.find((p) => existsSync(p));
}

type ContainerdOpenOptions = OpenImageOptions & ContainerdOptions;

interface ImageRecord {
  name: string;
  mediaType: string;
  digest: string;
}

/**
 * Reads an image from containerd's content store through `ctr` (one `ctr content get` per blob, streamed and
 * digest-checked). `required`: a missing socket or image is an error; otherwise both give undefined.
 */
export async function openContainerdImage(name: string, reference: string, options: ContainerdOpenOptions, required: true): Promise<ImageSource>;
export async function openContainerdImage(name: string, reference: string, options: ContainerdOpenOptions, required: boolean): Promise<ImageSource | undefined>;
export async function openContainerdImage(
  name: string,
  reference: string,
  options: ContainerdOpenOptions,
  required: boolean,
): Promise<ImageSource | undefined> {
  const socket = containerdSocket(options);
  const state = socket === undefined ? "missing" : await socketState(socket);
  if (socket === undefined || state === "missing") {
    if (!required) return undefined;
    throw new ImageError(`containerd socket ${socket ?? DEFAULT_SOCKETS[0]} not found (set --containerd-address or CONTAINERD_ADDRESS)`);
  }
  if (state === "denied") {
    if (!required) return undefined;
    throw new ImageError(`permission denied on the containerd socket ${socket} (run as root, or set --containerd-address or CONTAINERD_ADDRESS)`);
  }
  const namespace = options.namespace ?? process.env.CONTAINERD_NAMESPACE ?? "default";
  const context: CommandContext = { where: `containerd at ${socket}`, installHint: INSTALL_HINT };
  const ctr = (args: string[], limit?: number) =>
    runCommand("ctr", ["--address", socket, "--namespace", namespace, "--connect-timeout", "10s", ...args], context, limit);

  const images = parseImageList(await ctr(["images", "ls"]), context.where);
  const image = images.find((i) => i.name === name) ?? images.find((i) => sameName(i.name, name));
  if (!image) {
    if (!required) return undefined;
    const namespaces = (await ctr(["namespaces", "ls", "-q"])).toString("utf8").split("\n").filter(Boolean);
    const few = images.slice(0, 5).map((i) => i.name);
    const listed = few.length > 0 ? `images there: ${few.join(", ")}${images.length > few.length ? ", …" : ""}` : "no images there";
    throw new ImageError(`${name}: no such image in containerd namespace "${namespace}" (${listed}; namespaces: ${namespaces.join(", ") || "none"})`);
  }
  const where = `${name} (containerd ${socket}, namespace ${namespace})`;
  const content = new Set(
    (await ctr(["content", "ls", "-q"]))
      .toString("utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const store: BlobStore = {
    where,
    async readIndexJson() {
      const annotations = { [REF_NAME]: image.name, [CONTAINERD_NAME]: image.name };
      return Buffer.from(JSON.stringify({ manifests: [{ mediaType: image.mediaType, digest: image.digest, annotations }] }));
    },
    async hasBlob(digest) {
      return content.has(digest);
    },
    async readBlob(digest, size) {
      checkDigestSyntax(digest, where);
      if (!content.has(digest)) throw new ImageError(`${where}: blob ${digest} is not in the content store (pulled or imported for other platforms only?)`);
      const data = await ctr(["content", "get", digest], documentLimit(size));
      if (size !== undefined && data.length !== size) throw sizeError(where, digest, data.length, size);
      return verifyDigest(data, digest, where);
    },
    openBlob(digest) {
      checkDigestSyntax(digest, where);
      return streamCommand("ctr", ["--address", socket, "--namespace", namespace, "--connect-timeout", "10s", "content", "get", digest], context);
    },
  };
  const resolved = await resolveOciImage(store, { ...(options.platform !== undefined ? { platform: options.platform } : {}) });
  return ociImageSource(store, resolved, reference, "containerd");
}

/** A socket path that cannot even be looked at (a parent directory closed to us) is denied, not missing. */
async function socketState(path: string): Promise<"ok" | "missing" | "denied"> {
  try {
    await stat(path);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EACCES" ? "denied" : "missing";
  }
  return access(path, constants.R_OK | constants.W_OK).then(
    () => "ok" as const,
    () => "denied" as const,
  );
}

function sameName(stored: string, wanted: string): boolean {
  try {
    return normalizeDockerTag(stored) === normalizeDockerTag(wanted);
  } catch {
    return false;
  }
}

/** `ctr images ls`: a header `REF TYPE DIGEST SIZE PLATFORMS LABELS`, then one image a line. */
function parseImageList(output: Buffer, where: string): ImageRecord[] {
  const lines = output
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const header = lines.shift()?.trim().split(/\s+/) ?? [];
  if (header[0] !== "REF" || header[1] !== "TYPE" || header[2] !== "DIGEST") {
    throw new ImageError(`${where}: unexpected answer to ctr images ls ("${(header.join(" ") || "nothing").slice(0, 80)}")`);
  }
  return lines.map((line) => {
    const [name, mediaType, digest] = line.trim().split(/\s+/);
    if (!name || !mediaType || !/^[a-z0-9]+:[a-f0-9]+$/.test(digest ?? "")) {
      throw new ImageError(`${where}: unexpected line in ctr images ls ("${line.trim().slice(0, 80)}")`);
    }
    return { name, mediaType, digest };
  });
}
