import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The user a test runs the CLI as to see a permission refused: nobody, when the tests run as root */
export const NOBODY = { uid: 65534, gid: 65534 };

export interface OtherUserCopy {
  /** bin/layerscope.js of the copy, which NOBODY can read and run; undefined when it cannot */
  bin?: string;
  /** why NOBODY cannot run the CLI here, when `bin` is undefined */
  skipReason?: string;
  remove(): void;
}

/**
 * A copy of the built CLI (bin/, dist/bundle/, package.json) in a fresh directory everyone may enter, so that a
 * test changing user does not depend on where the clone lives: a clone in a private directory (mode 0700, or under
 * /root) cannot be read by the other user. Says why when the other user still cannot run it (not root, or node
 * itself or the temp directory out of the other user's reach).
 */
export function copyForOtherUser(): OtherUserCopy {
  if (process.getuid?.() !== 0) return { skipReason: "changing user needs root", remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "layerscope-other-user-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  for (const part of ["bin", "dist/bundle", "package.json"]) cpSync(resolve(part), join(dir, part), { recursive: true });
  chmodSync(dir, 0o755);
  const bin = join(dir, "bin/layerscope.js");
  const probe = spawnSync(process.execPath, [bin, "--help"], { ...NOBODY, encoding: "utf8", cwd: dir });
  if (probe.status === 0) return { bin, remove };
  remove();
  const why = probe.error?.message ?? probe.stderr.trim().split("\n")[0];
  return { skipReason: `uid ${NOBODY.uid} cannot run node on a copy in ${tmpdir()} (${why})`, remove: () => undefined };
}
