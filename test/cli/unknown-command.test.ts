import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { checkHelpTopic } from "../../src/cli/unknown-command.js";
import { runInProcess } from "../helpers/cli-io.js";

const COMMANDS = ["ls", "diff", "packages", "fleet"];

describe("checkHelpTopic", () => {
  it("lets help, help COMMAND and everything else through", () => {
    for (const args of [["help"], ["help", "diff"], ["help", "help"], ["app.tar", "nope"], ["ls", "help"]]) {
      expect(() => checkHelpTopic(args, COMMANDS)).not.toThrow();
    }
  });

  it("names a help topic that is no command, offering the nearest", () => {
    expect(() => checkHelpTopic(["help", "pakages"], COMMANDS)).toThrow(new UsageError('no command "pakages" to help with (did you mean packages?)'));
    expect(() => checkHelpTopic(["help", "nope"], COMMANDS)).toThrow('no command "nope" to help with (commands: ls, diff, packages, fleet)');
  });

  it("is one line and exit 2 from the CLI, not the whole help on stderr", async () => {
    const run = await runInProcess(["help", "nope"]);
    expect([run.status, run.stdout.toString()]).toEqual([2, ""]);
    expect(run.stderr).toMatch(/^layerscope: no command "nope" to help with \(commands: ls, diff, packages, [^\n]*\)\n$/);
    const known = await runInProcess(["help", "diff"]);
    expect([known.status, known.stdout.toString()]).toEqual([0, expect.stringMatching(/^Usage: layerscope diff/)]);
  });
});
