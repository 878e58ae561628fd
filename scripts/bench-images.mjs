// Locating the benchmark images and their layers, for bench.mjs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REALIMAGES = resolve("../shared/realimages");

/** Path of an export, built by the realimages scripts when missing (the big image by make-big.sh). */
export function imagePath(name, format) {
  const env = { ...process.env, LAB_TRUST_CACHE: "1" };
  const path = () =>
    execFileSync(join(REALIMAGES, "images.sh"), ["path", name, format], { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] }).trim();
  if (name === "big" && !existsSync(join(process.env.LAB_CACHE ?? "/tmp/realimages", "export/big", exportName(format)))) {
    execFileSync(join(REALIMAGES, "make-big.sh"), { stdio: ["ignore", "inherit", "inherit"] });
  }
  return path();
}

function exportName(format) {
  return format === "docker-archive" ? "docker-archive.tar" : format;
}

/** Blob files of the layers of an OCI layout (first manifest, or the one tagged `latest`), bottom first. */
export function ociLayerBlobs(layout) {
  const blob = (digest) => join(layout, "blobs", ...digest.split(":"));
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8"));
  const chosen = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "latest") ?? index.manifests[0];
  const manifest = JSON.parse(readFileSync(blob(chosen.digest), "utf8"));
  return manifest.layers.map((layer) => blob(layer.digest));
}

/**
 * The layer tars of a docker-archive, extracted once (untimed) under the temp directory so `tar -tf` can list
 * each one as the regular file it would be on disk, seeking over contents.
 */
export function dockerArchiveLayers(archive) {
  const info = statSync(archive);
  const dir = join(tmpdir(), "layerscope-bench", `${archive.replace(/[^a-zA-Z0-9]+/g, "_")}-${info.size}-${Math.floor(info.mtimeMs)}`);
  const manifest = JSON.parse(execFileSync("tar", ["-xOf", archive, "manifest.json"], { encoding: "utf8" }));
  const layers = manifest[0].Layers.map((layer) => join(dir, layer));
  if (!existsSync(join(dir, ".done"))) {
    const temp = `${dir}.tmp-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    execFileSync("tar", ["-xf", archive, "-C", temp, ...new Set(manifest[0].Layers)]);
    execFileSync("touch", [join(temp, ".done")]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
  }
  return layers;
}

/** Reads files once so every measurement starts from a warm page cache. */
export function warm(paths) {
  for (const path of paths) execFileSync("sh", ["-c", 'find "$1" -type f -exec cat {} + >/dev/null', "sh", path]);
}
