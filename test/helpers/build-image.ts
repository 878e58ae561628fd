/**
 * Fixture builder: writes small images from a declarative spec, in every layout layerscope reads.
 *
 * @example
 * ```ts
 * import { buildImage } from "../helpers/build-image.js";
 * const built = await buildImage(
 *   {
 *     layers: [
 *       [{ path: "etc", type: "dir" }, { path: "etc/app.conf", content: "a=1\n" }],
 *       { entries: [{ path: "etc/.wh.app.conf" }, { path: "big.bin", size: 4096 }], createdBy: "RUN rm /etc/app.conf" },
 *     ],
 *     history: [{ createdBy: "ADD rootfs.tar /" }, { createdBy: "ENV A=1", emptyLayer: true }, { createdBy: "RUN rm /etc/app.conf" }],
 *     tags: ["app:1.0"],
 *   },
 *   { format: "oci-layout", compression: "zstd" },
 * );
 * // built.path is the image (a .tar file or a layout dir) in a fresh temp dir; built.images[0].layers[i].diffId …
 * ```
 * Formats: `docker-archive` (legacy `docker save`), `docker-archive-25` (Docker 25+: manifest.json → blobs),
 * `oci-layout` (dir), `oci-archive` (tar of a layout). `gzipArchive` gzips the outer tar. Several images
 * (multi-tag / multi-platform) go through `buildImages`. Entry fields: see `EntrySpec`.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildArchiveTar, buildLayerTar, compress, sha256, type ArchiveMember, type Compression, type EntrySpec } from "./build-tar.js";
import { dockerArchiveMembers } from "./build-docker-archive.js";
import { ociLayoutFiles, type OciIndexStyle } from "./build-oci.js";

export type { EntrySpec } from "./build-tar.js";

interface LayerSpec {
  entries: EntrySpec[];
  /** history `created_by` for this layer, used when the image spec has no `history` */
  createdBy?: string;
  /** This layer has the same content as layer N (legacy docker-archive writes it as a symlink to N's tar) */
  sameAs?: number;
}

export interface HistorySpec {
  createdBy: string;
  emptyLayer?: boolean;
  created?: string;
}

export interface ImageSpec {
  layers: Array<EntrySpec[] | LayerSpec>;
  /** default: one entry per layer, from LayerSpec.createdBy or `layer N` */
  history?: HistorySpec[];
  /** RepoTags (docker) / ref names (OCI), e.g. `app:1.0`; OCI refs use the part after the last `:` */
  tags?: string[];
  /** `os/arch[/variant]`, default linux/amd64 */
  platform?: string;
  env?: string[];
  labels?: Record<string, string>;
}

export type ImageFormat = "docker-archive" | "docker-archive-25" | "oci-layout" | "oci-archive";

export interface BuildOptions {
  format: ImageFormat;
  /** Layer blob compression (default: none for docker archives, gzip for OCI) */
  compression?: Compression;
  /** gzip the whole archive file (docker-archive / oci-archive) */
  gzipArchive?: boolean;
  /** OCI: use Docker schema2 / manifest-list media types inside the layout */
  dockerMediaTypes?: boolean;
  /** OCI, several images: one flat index.json (default) or index.json → nested index → manifests */
  index?: OciIndexStyle;
  /** oci-archive: also write a docker-style manifest.json */
  withManifestJson?: boolean;
  /** Directory to write into (default: a new temp dir) */
  dir?: string;
  /** File or dir name inside `dir` */
  name?: string;
}

export interface BuiltLayer {
  /** sha256 of the stored blob */
  digest: string;
  /** sha256 of the uncompressed tar */
  diffId: string;
  mediaType: string;
  /** Path of the blob inside the archive or layout dir */
  member: string;
  size: number;
}

export interface BuiltImageInfo {
  configDigest: string;
  manifestDigest: string;
  layers: BuiltLayer[];
  config: Record<string, unknown>;
}

export interface BuiltImage {
  path: string;
  images: BuiltImageInfo[];
}

/** The blobs of one image, ready to be laid out. */
export interface PreparedImage {
  spec: ImageSpec;
  layerTars: Buffer[];
  blobs: Buffer[];
  diffIds: string[];
  config: Buffer;
  configDigest: string;
  sameAs: Array<number | undefined>;
}

export async function buildImage(spec: ImageSpec, options: BuildOptions): Promise<BuiltImage> {
  return buildImages([spec], options);
}

export async function buildImages(specs: ImageSpec[], options: BuildOptions): Promise<BuiltImage> {
  const isDocker = options.format.startsWith("docker");
  const compression = options.compression ?? (isDocker ? "none" : "gzip");
  const prepared = await Promise.all(specs.map((spec) => prepare(spec, compression)));
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "layerscope-fixture-"));
  const name = options.name ?? (options.format === "oci-layout" ? "layout" : "image.tar");
  const path = join(dir, name);

  if (options.format === "oci-layout") {
    const { files, images } = ociLayoutFiles(prepared, compression, options);
    for (const file of files) {
      mkdirSync(join(path, file.name, ".."), { recursive: true });
      writeFileSync(join(path, file.name), file.content ?? Buffer.alloc(0));
    }
    return { path, images };
  }
  let members: ArchiveMember[];
  let images: BuiltImageInfo[];
  if (options.format === "oci-archive") {
    ({ files: members, images } = ociLayoutFiles(prepared, compression, options));
    if (options.withManifestJson) members.push(dockerManifestJsonFor(images, specs));
  } else {
    ({ members, images } = dockerArchiveMembers(prepared, compression, options.format === "docker-archive-25"));
  }
  const tar = await buildArchiveTar(members);
  writeFileSync(path, options.gzipArchive ? gzipSync(tar) : tar);
  return { path, images };
}

async function prepare(spec: ImageSpec, compression: Compression): Promise<PreparedImage> {
  const layerSpecs = spec.layers.map((layer): LayerSpec => (Array.isArray(layer) ? { entries: layer } : layer));
  const layerTars: Buffer[] = [];
  for (const layer of layerSpecs) {
    layerTars.push(layer.sameAs !== undefined ? layerTars[layer.sameAs] : await buildLayerTar(layer.entries));
  }
  const blobs = layerTars.map((tar) => compress(tar, compression));
  const diffIds = layerTars.map((tar) => sha256(tar));
  const [os, architecture, variant] = (spec.platform ?? "linux/amd64").split("/");
  const history: HistorySpec[] = spec.history ?? layerSpecs.map((layer, i) => ({ createdBy: layer.createdBy ?? `layer ${i}` }));
  const configJson = {
    architecture,
    os,
    ...(variant ? { variant } : {}),
    created: "2024-01-01T00:00:00Z",
    config: { Env: spec.env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Labels: spec.labels ?? {} },
    rootfs: { type: "layers", diff_ids: diffIds },
    history: history.map((h) => ({
      created: h.created ?? "2024-01-01T00:00:00Z",
      created_by: h.createdBy,
      ...(h.emptyLayer ? { empty_layer: true } : {}),
    })),
  };
  const config = Buffer.from(JSON.stringify(configJson));
  return {
    spec,
    layerTars,
    blobs,
    diffIds,
    config,
    configDigest: sha256(config),
    sameAs: layerSpecs.map((layer) => layer.sameAs),
  };
}

function dockerManifestJsonFor(images: BuiltImageInfo[], specs: ImageSpec[]): ArchiveMember {
  const entries = images.map((image, i) => ({
    Config: `blobs/sha256/${image.configDigest.slice(7)}`,
    RepoTags: specs[i].tags ?? [],
    Layers: image.layers.map((layer) => layer.member),
  }));
  return { name: "manifest.json", content: Buffer.from(JSON.stringify(entries)) };
}
