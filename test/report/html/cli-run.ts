import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../../src/cli/io.js";
import { main } from "../../../src/cli/main.js";

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs layerscope in-process, as a user would from a shell in `cwd`. */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd };
  const status = await main(["node", "layerscope", ...args], io);
  return { status, stdout, stderr };
}

export function outputDir(): string {
  return mkdtempSync(join(tmpdir(), "layerscope-html-"));
}
