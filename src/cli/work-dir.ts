import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `task` with a fresh temporary folder, removed on every way out, Ctrl-C included. */
export async function withWorkDir<T>(prefix: string, task: (workDir: string) => Promise<T>): Promise<T> {
  const workDir = mkdtempSync(join(tmpdir(), prefix));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  const onInterrupt = () => {
    removeWorkDir();
    process.exit(130);
  };
  process.once("SIGINT", onInterrupt);
  try {
    return await task(workDir);
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    removeWorkDir();
  }
}
