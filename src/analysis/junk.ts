import { globTest } from "./glob.js";
import type { JunkRule } from "./types.js";

/** Files an image should not ship. Globs match absolute paths inside the image; dotfiles included. */
export const DEFAULT_JUNK_RULES: JunkRule[] = [
  { id: "apt-lists", glob: "/var/lib/apt/lists/**" },
  { id: "apt-cache", glob: "/var/cache/apt/**" },
  { id: "tmp", glob: "/tmp/**" },
  { id: "var-tmp", glob: "/var/tmp/**" },
  { id: "pip-cache", glob: "/**/.cache/pip/**" },
  { id: "npm-cache", glob: "/**/.npm/**" },
  { id: "yarn-cache", glob: "/**/{.cache/yarn,.yarn-cache,.yarn/cache}/**" },
  { id: "apk-cache", glob: "/var/cache/apk/**" },
  { id: "yum-cache", glob: "/var/cache/{yum,dnf}/**" },
  { id: "git-dir", glob: "/**/.git/**" },
  { id: "os-leftovers", glob: "/**/{.DS_Store,Thumbs.db,desktop.ini,*.swp,*.swo,*~}" },
];

export type JunkMatcher = (path: string) => string | undefined;

/** Returns the id of the first rule that matches an absolute path, or undefined. */
export function junkMatcher(rules: JunkRule[]): JunkMatcher {
  const compiled = rules.map((rule) => ({ id: rule.id, test: globTest(rule.glob, { dot: true }) }));
  return (path) => compiled.find((rule) => rule.test(path))?.id;
}
