import { chmod, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { UsageError } from "../errors.js";
import { fsErrorReason } from "../../fs/fs-error.js";

/**
 * Writes every file or none: each to a temporary file beside it (with the mode of the file it replaces), then
 * renamed over it (over a symlink's target, not the link); when a step fails, the temporaries go and the files already renamed get their old text back.
 * Returns the paths written, relative to `cwd`.
 */
export async function writeFilesAtomically(files: Array<{ path: string; text: string }>, cwd: string): Promise<string[]> {
  const staged: Array<{ path: string; temp: string; old?: string }> = [];
  try {
    for (const { path: given, text } of files) {
      // a symlinked Dockerfile: its target is written, the link stays
      const path = await realpath(given).catch(() => given);
      const temp = join(dirname(path), `.${basename(path)}.layerscope-${process.pid}`);
      const mode = (await stat(path).catch(() => undefined))?.mode;
      staged.push({ path, temp });
      await writeFile(temp, text, { flag: "wx" });
      if (mode !== undefined) await chmod(temp, mode & 0o7777);
    }
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw new UsageError(`cannot write ${relative(cwd, staged.at(-1)?.path ?? ".")}: ${fsErrorReason(error)} (nothing written)`);
  }
  const done: Array<{ path: string; backup?: string }> = [];
  try {
    for (const file of staged) {
      const backup = await stat(file.path).then(
        () => `${file.temp}.old`,
        () => undefined,
      );
      if (backup) await rename(file.path, backup);
      await rename(file.temp, file.path);
      done.push({ path: file.path, backup });
    }
  } catch (error) {
    for (const file of done.reverse()) {
      if (file.backup) await rename(file.backup, file.path).catch(() => {});
      else await rm(file.path, { force: true });
    }
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw new UsageError(`cannot write ${relative(cwd, staged[done.length]?.path ?? ".")}: ${fsErrorReason(error)} (nothing written)`);
  }
  await Promise.all(done.map((file) => (file.backup ? rm(file.backup, { force: true }) : undefined)));
  return done.map((file) => relative(cwd, file.path) || file.path);
}
