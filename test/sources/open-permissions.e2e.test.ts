import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildImage } from "../helpers/build-image.js";
import { oneLineError } from "../helpers/cli-figures.js";
import { copyForOtherUser, NOBODY } from "../helpers/other-user.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { threeLayers } from "./specs.js";

// the tests run as root, who reads every file: the CLI runs as another user to meet a refused read
const otherUser = copyForOtherUser();
if (otherUser.skipReason) console.warn(`test/sources/open-permissions.e2e.test.ts skipped: ${otherUser.skipReason}`);
afterAll(() => otherUser.remove());
const temp = tempDirs();

describe("an image this user may not read", () => {
  it.skipIf(otherUser.skipReason !== undefined)("is one line naming the file and the refusal, exit 2", async () => {
    const dir = temp("layerscope-private-");
    chmodSync(dir, 0o755);
    const archive = join(dir, "private.tar");
    copyFileSync((await buildImage(threeLayers, { format: "docker-archive-25" })).path, archive);
    chmodSync(archive, 0o600);
    const layout = join(dir, "layout");
    mkdirSync(layout, { mode: 0o700 });
    const runAs = { ...NOBODY, bin: otherUser.bin };
    expect(oneLineError([archive], { HOME: "/tmp" }, runAs)).toContain(`cannot read ${archive}: permission denied (EACCES)`);
    for (const reference of [`oci:${layout}`, layout]) {
      expect(oneLineError([reference], { HOME: "/tmp" }, runAs)).toContain(`cannot read ${layout}: permission denied (EACCES)`);
    }
  });
});
