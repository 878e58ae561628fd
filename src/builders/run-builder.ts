import { spawn } from "node:child_process";
import { BuildError } from "./errors.js";
import type { BuilderIo } from "./io.js";

/**
 * Runs a builder program with both of its output streams copied to our stderr (stdout may carry a report).
 * Resolves when it exits 0; otherwise a BuildError `FAILURE (PROGRAM exited N)`.
 */
export function runBuilder(program: string, args: string[], io: BuilderIo, failure: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"], env: io.env, cwd: io.cwd });
    const forward = (chunk: Buffer) => io.stderr(chunk.toString("utf8"));
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ENOENT" ? "not found on PATH" : error.code ?? error.message;
      reject(new BuildError(`${failure} (cannot run ${program}: ${why})`));
    });
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new BuildError(`${failure} (${program} ${signal ? `killed by ${signal}` : `exited ${code}`})`));
    });
  });
}
