import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import type { CliIo } from "../../src/cli/io.js";
import { lsCommand } from "../../src/cli/ls-command.js";

const io: CliIo = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: "/" };

describe("lsCommand", () => {
  it("refuses --json without --layers before reading the image, instead of printing the tree as text", async () => {
    const refusal = lsCommand("/nonexistent.tar", { json: true }, io);
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow("--json goes with --layers N..M");
  });

  it("refuses --layer and --layers together", async () => {
    await expect(lsCommand("/nonexistent.tar", { layer: "1", layers: "0..1" }, io)).rejects.toThrow("--layer and --layers go one at a time");
  });
});
