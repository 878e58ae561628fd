import { createHash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { access, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { makeDirectory } from "../../fs/make-directory.js";
import { writeAtomically } from "../../fs/write-atomically.js";
import type { Descriptor } from "../oci/manifest.js";
import { ImageError } from "../../errors.js";

const REF_NAME = "org.opencontainers.image.ref.name";

/**
 * Writes what is pulled as an OCI image layout: small blobs at once, layers by teeing their raw bytes while
 * they stream (each lands under a temporary name and is renamed once its digest is right). `index.json` is
 * written by `finish` only when every layer is complete, so a partial layout is never mistaken for an image.
 */
export class OciLayoutWriter {
  private readonly complete = new Set<string>();

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<OciLayoutWriter> {
    try {
      await makeDirectory(join(dir, "blobs", "sha256"));
      await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    } catch (err) {
      throw new ImageError(`--save ${dir}: ${(err as Error).message.split("\n")[0]}`);
    }
    return new OciLayoutWriter(dir);
  }

  private blobPath(digest: string): string {
    return join(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
  }

  async has(digest: string): Promise<boolean> {
    if (this.complete.has(digest)) return true;
    try {
      await access(this.blobPath(digest));
      this.complete.add(digest);
      return true;
    } catch {
      return false;
    }
  }

  async writeBlob(digest: string, bytes: Buffer): Promise<void> {
    await writeFile(this.blobPath(digest), bytes);
    this.complete.add(digest);
  }

  /** Passes `raw` through unchanged, copying it to the layout; the copy is kept only if it is whole and right. */
  tee(digest: string, raw: Readable): Readable {
    const final = this.blobPath(digest);
    const temp = `${final}.partial-${process.pid}`;
    let file: WriteStream | undefined;
    const hash = createHash("sha256");
    const discard = () => {
      file?.destroy();
      void rm(temp, { force: true });
    };
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        file ??= createWriteStream(temp);
        hash.update(chunk);
        file.write(chunk, (err) => callback(err ?? null, chunk));
      },
      flush: (callback) => {
        const out = file ?? createWriteStream(temp);
        out.end(() => {
          if (`sha256:${hash.digest("hex")}` !== digest) {
            discard();
            return callback();
          }
          rename(temp, final).then(
            () => {
              this.complete.add(digest);
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    raw.on("error", (err) => tee.destroy(err));
    tee.on("close", () => {
      raw.destroy();
      if (!this.complete.has(digest)) discard();
    });
    return raw.pipe(tee);
  }

  /** Writes index.json (keeping other images already there) when every blob is in place; false otherwise. */
  async finish(manifest: Descriptor, blobs: string[], refName: string | undefined): Promise<boolean> {
    for (const digest of blobs) if (!(await this.has(digest))) return false;
    const indexPath = join(this.dir, "index.json");
    let manifests: Array<Record<string, unknown>> = [];
    try {
      const old = JSON.parse(await readFile(indexPath, "utf8")) as { manifests?: Array<Record<string, unknown>> };
      manifests = Array.isArray(old.manifests) ? old.manifests : [];
    } catch {
      // no index yet
    }
    const refOf = (m: Record<string, unknown>) => (m.annotations as Record<string, string> | undefined)?.[REF_NAME];
    manifests = manifests.filter((m) => (refName ? refOf(m) !== refName : m.digest !== manifest.digest));
    const entry: Record<string, unknown> = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size };
    if (manifest.platform) entry.platform = manifest.platform;
    if (refName) entry.annotations = { [REF_NAME]: refName };
    manifests.push(entry);
    const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests };
    await writeAtomically(indexPath, JSON.stringify(index, null, 2) + "\n");
    return true;
  }
}
