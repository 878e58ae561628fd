import { constants } from "node:fs";
import { open, realpath, type FileHandle } from "node:fs/promises";
import { join, sep } from "node:path";
import { ImageError } from "./types.js";

/**
 * Files of an OCI layout directory, opened as an attacker may have laid them out: a symlink leading out of the
 * layout, a FIFO (a read would block forever), a device (`/dev/zero` never ends) are refused; only regular files
 * whose real path is inside the layout are read.
 */
export class LayoutFiles {
  private root: Promise<string> | undefined;

  constructor(readonly dir: string) {}

  /** An open handle on a regular file inside the layout, or `undefined` when there is no such file. */
  async open(relative: string, what: string): Promise<{ handle: FileHandle; size: number } | undefined> {
    const real = await this.realPath(relative, what);
    if (real === undefined) return undefined;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells it apart from a regular file
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
    if (!handle) return undefined;
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new ImageError(`${this.dir}: ${what} is not a regular file`);
    }
    return { handle, size: stats.size };
  }

  /** The real path of a file of the layout, refused when it leads out of it; undefined when it does not exist. */
  async realPath(relative: string, what: string): Promise<string | undefined> {
    let real: string;
    try {
      real = await realpath(join(this.dir, relative));
    } catch {
      return undefined;
    }
    this.root ??= realpath(this.dir);
    const root = await this.root;
    if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
      throw new ImageError(`${this.dir}: ${what} leads out of the layout (a symlink)`);
    }
    return real;
  }

  /** The whole file, refused when it is larger than `maxBytes` (the size its descriptor declares, or a cap). */
  async read(relative: string, what: string, maxBytes: number, missing: string): Promise<Buffer> {
    const file = await this.open(relative, what);
    if (!file) throw new ImageError(missing);
    try {
      if (file.size > maxBytes) throw new ImageError(`${this.dir}: ${what} is larger than ${maxBytes} bytes`);
      const buffer = Buffer.alloc(file.size);
      let done = 0;
      while (done < file.size) {
        const { bytesRead } = await file.handle.read(buffer, done, file.size - done, done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    } finally {
      await file.handle.close();
    }
  }
}
