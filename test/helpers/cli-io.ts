import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

export interface InProcessRun {
  status: number;
  /** What was written as text and as bytes, in order */
  stdout: Buffer;
  stderr: string;
}

/** Runs the CLI in this process with a fake terminal or pipe (no cache unless asked), collecting its output. */
export async function runInProcess(args: string[], options: { tty?: boolean; cwd?: string; env?: Record<string, string> } = {}): Promise<InProcessRun> {
  const parts: Buffer[] = [];
  let stderr = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => void parts.push(chunk));
  const io: CliIo = {
    stdout: (text) => void parts.push(Buffer.from(text)),
    stdoutStream: stream,
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: options.tty === true,
    stderrIsTTY: false,
    env: { LAYERSCOPE_CACHE_MAX: "0", ...options.env },
    cwd: options.cwd ?? process.cwd(),
  };
  const status = await main(["node", "layerscope", ...args], io);
  return { status, stdout: Buffer.concat(parts), stderr };
}
