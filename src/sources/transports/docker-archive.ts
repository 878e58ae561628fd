import { ArchiveIndex, type ArchiveMember } from "./archive-index.js";
import { archiveMemberIdentity } from "../oci/blob-store.js";
import { isObject, parseImageConfig, parseJson } from "../oci/config.js";
import { decodeLayerStream, layerLabel, type Compression } from "../compression/decode.js";
import { MAX_LAYERS } from "../oci/manifest.js";
import { checkSinglePlatform, formatPlatform, parsePlatform, platformMatches } from "../oci/platform.js";
import { dockerTagMatches } from "../reference.js";
import type { ImageConfigInfo, ImageSource, LayerBlob, LayerData, OpenImageOptions, OpenLayerOptions } from "../types.js";
import { ImageError } from "../../errors.js";

interface ManifestEntry {
  config: string;
  repoTags: string[];
  layers: string[];
}

const BLOB_MEMBER = /^blobs\/(sha256)\/([a-f0-9]{64})$/;

/**
 * A `docker save` tar, plain or compressed: legacy (`<id>/layer.tar`, layers that are symlinks to other layers)
 * or Docker 25+ (`manifest.json` pointing into `blobs/sha256/`). Layer order comes from manifest.json.
 * Uncompressed layers of a plain archive are read in place (seekable); everything else is streamed, and a
 * compressed archive is decompressed again from its start for each layer.
 */
export async function openDockerArchive(
  path: string,
  reference: string,
  options: Pick<OpenImageOptions, "tag" | "platform"> = {},
  index?: ArchiveIndex,
): Promise<ImageSource> {
  const archive = index ?? (await ArchiveIndex.open(path));
  if (!archive.resolve("manifest.json")) throw new ImageError(`${path}: not a docker archive (no manifest.json)`);
  const entries = parseManifestJson(await archive.readSmall("manifest.json"), `${path}: manifest.json`);
  const { entry, config } = await chooseEntry(archive, entries, options, path);

  const layers = entry.layers.map((name, i) => dockerLayer(archive, name, i, config.diffIds[i]));
  const name = options.tag !== undefined ? entry.repoTags.find((t) => dockerTagMatches(options.tag ?? "", t)) : entry.repoTags[0];
  return {
    reference,
    format: "docker-archive",
    ...(name !== undefined ? { name } : {}),
    config,
    layers,
    close: async () => archive.close(),
  };
}

function dockerLayer(archive: ArchiveIndex, name: string, index: number, diffId: string | undefined): LayerBlob {
  const blobMatch = BLOB_MEMBER.exec(name.replace(/^\.\//, ""));
  const blobDigest = blobMatch ? `${blobMatch[1]}:${blobMatch[2]}` : undefined;
  const digest = diffId ?? blobDigest ?? digestFromName(name) ?? `layer-${index}`;
  const label = layerLabel(index, digest);
  const member = archive.resolve(name);
  if (!member) {
    const why = archive.member(name) ? "is a link that leads to no file" : "is not";
    throw new ImageError(`${label}: missing blob (${name} ${why} in ${archive.path})`);
  }
  let sniffed: Compression | undefined;
  return {
    index,
    digest,
    ...(diffId !== undefined ? { diffId } : {}),
    blobSize: member.size,
    ...(archive.member(name)?.type === "symlink" ? { diveReadsEmpty: true } : {}),
    // what the analysis cache keys such a layer by: its bytes are not checked against a digest in an ordinary run
    fileIdentity: () => archiveMemberIdentity(archive, member),
    open: (opts?: OpenLayerOptions) => openLayer(archive, member, label, blobDigest, diffId, opts?.verifyAll === true, (found) => (sniffed = found)),
    // the member's first bytes, read in place; inside a compressed archive, what the read of the layer found
    async detectCompression() {
      if (archive.compression === "none") return archive.memberCompression(member).catch(() => undefined);
      return sniffed;
    },
  };
}

async function openLayer(
  archive: ArchiveIndex,
  member: ArchiveMember,
  label: string,
  blobDigest: string | undefined,
  diffId: string | undefined,
  verifyAll: boolean,
  onCompression: (compression: Compression) => void,
): Promise<LayerData> {
  const compression = await archive.memberCompression(member);
  if (archive.compression === "none") onCompression(compression);
  if (archive.compression === "none" && compression === "none" && !verifyAll) {
    return { kind: "file", path: archive.path, offset: member.dataOffset, length: member.size };
  }
  // A blob-addressed member is checked against its name; a legacy uncompressed layer against its diff id.
  const expectedDigest = blobDigest ?? (verifyAll && compression === "none" ? diffId : undefined);
  const stream = await decodeLayerStream(archive.openRaw(member), { label, onCompression, ...(expectedDigest ? { expectedDigest } : {}) });
  return { kind: "stream", stream };
}

/** `<hex>.json` / `<hex>.tar` / `<hex>/layer.tar` names carry a sha256 (config digest, diff id or v1 id). */
function digestFromName(name: string): string | undefined {
  const match = /([a-f0-9]{64})(?:\.json|\.tar)?$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

function parseManifestJson(data: Buffer, what: string): ManifestEntry[] {
  const json = parseJson(data, what);
  if (!Array.isArray(json) || json.length === 0) throw new ImageError(`${what}: expected a non-empty list of images`);
  if (json.length > MAX_LAYERS) throw new ImageError(`${what}: more than ${MAX_LAYERS} images`);
  return json.map((item, i) => {
    if (!isObject(item) || typeof item.Config !== "string" || !Array.isArray(item.Layers)) {
      throw new ImageError(`${what}: entry ${i} has no Config or Layers`);
    }
    if (item.Layers.length > MAX_LAYERS) throw new ImageError(`${what}: entry ${i} has more than ${MAX_LAYERS} layers (${item.Layers.length})`);
    return {
      config: item.Config,
      repoTags: Array.isArray(item.RepoTags) ? item.RepoTags.filter((t): t is string => typeof t === "string") : [],
      layers: item.Layers.filter((l): l is string => typeof l === "string"),
    };
  });
}

/** The image the tag names (or the only one), and its config; `--platform` picks among several or is checked. */
async function chooseEntry(
  archive: ArchiveIndex,
  entries: ManifestEntry[],
  options: Pick<OpenImageOptions, "tag" | "platform">,
  path: string,
): Promise<{ entry: ManifestEntry; config: ImageConfigInfo }> {
  const describe = (e: ManifestEntry) => (e.repoTags.length > 0 ? e.repoTags.join(", ") : `untagged ${e.config}`);
  const { tag, platform } = options;
  let candidates = entries;
  if (tag !== undefined) {
    candidates = entries.filter((e) => e.repoTags.some((t) => dockerTagMatches(tag, t)));
    if (candidates.length === 0) throw new ImageError(`no image tagged "${tag}" in ${path}; tags: ${entries.map(describe).join("; ")}`);
  }
  if (candidates.length === 1) {
    const config = await readConfig(archive, candidates[0], path);
    checkSinglePlatform(platform, config, path);
    return { entry: candidates[0], config };
  }
  if (platform === undefined) throw new ImageError(`several images in ${path}; pick one with --tag: ${entries.map(describe).join("; ")}`);
  const wanted = parsePlatform(platform);
  const read = await Promise.all(candidates.map(async (entry) => ({ entry, config: await readConfig(archive, entry, path) })));
  const matching = read.filter(({ config }) =>
    platformMatches(wanted, { os: config.os ?? "", architecture: config.architecture ?? "", variant: config.variant }),
  );
  if (matching.length === 1) return matching[0];
  const platforms = [
    ...new Set(read.map(({ config }) => formatPlatform({ os: config.os ?? "?", architecture: config.architecture ?? "?", variant: config.variant }))),
  ];
  if (matching.length === 0) throw new ImageError(`no ${formatPlatform(wanted)} image in ${path}; platforms: ${platforms.join(", ")}`);
  throw new ImageError(`several ${formatPlatform(wanted)} images in ${path}; pick one with --tag: ${matching.map(({ entry }) => describe(entry)).join("; ")}`);
}

async function readConfig(archive: ArchiveIndex, entry: ManifestEntry, path: string): Promise<ImageConfigInfo> {
  const configWhat = `${path}: config ${entry.config}`;
  if (!archive.resolve(entry.config)) throw new ImageError(`${configWhat}: missing from the archive`);
  const configDigest = BLOB_MEMBER.exec(entry.config) ? `sha256:${entry.config.slice(-64)}` : digestFromName(entry.config);
  return parseImageConfig(parseJson(await archive.readSmall(entry.config), configWhat), configWhat, configDigest);
}
