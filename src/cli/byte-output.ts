import { StringDecoder } from "node:string_decoder";
import { printable } from "../tar/path.js";

/** Bytes to a writable stream with backpressure; stops (and says so) once the reader has gone (`… | head`). */
export class ByteOutput {
  private gone = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    const stop = (): void => {
      this.gone = true;
    };
    stream.once("close", stop);
    stream.once("error", stop);
  }

  /** Copies the bytes: the caller's buffer may be reused once this returns. */
  write(bytes: Buffer): void {
    if (!this.gone && bytes.length > 0) this.stream.write(Buffer.from(bytes));
  }

  get closed(): boolean {
    const writable = this.stream as NodeJS.WritableStream & { destroyed?: boolean };
    return this.gone || writable.destroyed === true;
  }

  /** Resolves once the stream wants more (or is gone). */
  drain(): Promise<void> | undefined {
    const writable = this.stream as NodeJS.WritableStream & { writableNeedDrain?: boolean };
    if (this.closed || !writable.writableNeedDrain) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off("drain", done);
        this.stream.off("close", done);
        this.stream.off("error", done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("close", done);
      this.stream.on("error", done);
    });
  }
}

/**
 * Text for a terminal: decoded as UTF-8 across chunk boundaries, with the characters that could drive the terminal
 * (escape sequences, bidi overrides…) written as `\xNN`/`\uNNNN` as every output writes image strings; newlines
 * and tabs pass.
 */
export class TerminalText {
  private readonly decoder = new StringDecoder("utf8");

  push(bytes: Buffer): string {
    return escapeForTerminal(this.decoder.write(bytes));
  }

  end(): string {
    return escapeForTerminal(this.decoder.end());
  }
}

function escapeForTerminal(text: string): string {
  return text
    .split(/([\n\t])/)
    .map((part, i) => (i % 2 === 1 ? part : printable(part)))
    .join("");
}
