import { readFileSync } from "node:fs";
import { fsErrorReason } from "../fs/fs-error.js";
import { goBool } from "./dive-flags.js";
/** What the CLI touches of its process; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  /** Bytes to stdout as they are (a report kept as UTF-8); `stdout` with their text when absent */
  stdoutBytes?(data: Buffer): void;
  /** Standard output as a byte stream (file contents: `cat`) */
  stdoutStream?: NodeJS.WritableStream;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** False when standard input is not a terminal (the UI could not read keys) */
  stdinIsTTY?: boolean;
  /** Terminal width of stdout when it is a terminal */
  columns?: number;
  env: Record<string, string | undefined>;
  cwd: string;
  /** All of standard input (for --password-stdin) */
  readStdin?(): string;
  /** Ends the process at once (the user quit the UI while work that cannot be stopped was still running) */
  exitNow?(status: number): void;
}

export function processIo(): CliIo {
  let stdinText: string | undefined;
  // A closed pipe (`layerscope … | head`) is not an error worth a stack trace. Output that cannot be written (a
  // full disk) is one line and status 2, the status of any error: never 1, which CI reads as a failed rule.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") return;
      if (stream === process.stdout) process.stderr.write(`layerscope: cannot write to standard output: ${fsErrorReason(error)}\n`);
      process.exit(2);
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stdoutBytes: (data) => void process.stdout.write(data),
    stdoutStream: process.stdout,
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    // read only when asked (a terminal stdout): process.stdin builds a stream on first use, ~10 ms of a short run
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    columns: process.stdout.columns,
    env: process.env,
    cwd: process.cwd(),
    // read once: a run with --baseline opens two images, and both may ask for the password
    readStdin: () => (stdinText ??= readFileSync(0, "utf8")),
    exitNow: (status) => process.exit(status),
  };
}

/** `CI=true`, `CI=1`, `CI=t`…, as Dive reads it (Go's ParseBool; case and spaces aside). */
export function ciFromEnv(env: CliIo["env"]): boolean {
  return goBool((env.CI ?? "").trim().toLowerCase()) === true;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function useColor(io: CliIo, colorFlag: boolean): boolean {
  return colorFlag && io.stdoutIsTTY && !io.env.NO_COLOR;
}
