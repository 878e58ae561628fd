import type { HINT_IDS } from "../../analysis/hints/compute-hints.js";
import type { HintSeverity } from "../../analysis/hints/types.js";

export type HintId = (typeof HINT_IDS)[number];

/** What code scanning shows for a hint id: the rule's name, descriptions, help and default severity. */
export interface HintRuleText {
  /** PascalCase, as SARIF rule names are usually written */
  name: string;
  short: string;
  full: string;
  /** The fix, in general terms (each result's message carries its own) */
  help: string;
  severity: HintSeverity;
  security?: boolean;
}

const junk = (name: string, what: string, help: string): HintRuleText => ({
  name,
  short: `${what} left in the image`,
  full: `A layer leaves ${what} in the final image. They serve nothing at run time but every pull downloads them.`,
  help,
  severity: "warning",
});

/** One entry per hint id of src/analysis/hints; tsc checks the list is complete. */
export const HINT_RULES: Record<HintId, HintRuleText> = {
  "apt-lists": junk("AptLists", "apt package lists", "End the RUN that runs `apt-get update` with `rm -rf /var/lib/apt/lists/*`."),
  "apt-cache": junk("AptCache", "apt caches (downloaded .deb files, pkgcache.bin)", "Run `apt-get clean` at the end of the same RUN."),
  "apk-cache": junk("ApkCache", "the apk cache", "Use `apk add --no-cache` (and no separate `apk update`)."),
  "pip-cache": junk("PipCache", "the pip cache", "Use `pip install --no-cache-dir`, or set PIP_NO_CACHE_DIR=1."),
  "npm-cache": junk("NpmCache", "the npm cache", "Run `npm cache clean --force` in the same RUN, or use `RUN --mount=type=cache,target=/root/.npm`."),
  "yarn-cache": junk("YarnCache", "the yarn cache", "Run `yarn cache clean` in the same RUN, or use `RUN --mount=type=cache` for the cache folder."),
  "yum-cache": junk("YumCache", "the yum/dnf cache", "End the same RUN with `yum clean all` (or `dnf clean all`) and remove /var/cache/yum and /var/cache/dnf."),
  "git-dir": junk("GitDirectory", "a .git directory", "Add `.git` to .dockerignore, or COPY only the folders the image needs."),
  "tmp-files": { ...junk("TemporaryFiles", "files in /tmp or /var/tmp", "Remove them in the same RUN that creates them."), severity: "info" },
  "editor-leftovers": {
    ...junk("EditorLeftovers", "editor or OS leftovers (.DS_Store, *.swp, *~)", "Add them to .dockerignore (`**/.DS_Store`, `**/*.swp`, `**/*~`)."),
    severity: "info",
  },
  junk: { ...junk("Junk", "files matching a junk rule of .layerscope.yaml", "Remove them in the RUN that creates them, or keep them out of the build context."), severity: "info" },
  "apt-cleanup-later": {
    name: "AptCleanupInLaterLayer",
    short: "apt lists or caches cleaned in a later layer",
    full: "A layer writes apt lists or caches and a later layer deletes them. A deletion in a later layer hides the files but their bytes still ship in the layer that wrote them.",
    help: "Clean in the same RUN: `apt-get update && apt-get install … && apt-get clean && rm -rf /var/lib/apt/lists/*`.",
    severity: "warning",
  },
  "deleted-later": {
    name: "DeletedInLaterLayer",
    short: "files deleted by a later layer still ship",
    full: "Files written by one layer are deleted by a later one. The deletion hides them in the final image, but their bytes still ship in the layer that wrote them.",
    help: "Delete the files in the same RUN that creates them, or build them in another stage and COPY --from only what is needed.",
    severity: "warning",
  },
  "replaced-later": {
    name: "ReplacedInLaterLayer",
    short: "files replaced by a later layer still ship",
    full: "Files written by one layer are written again by a later one. The old versions are hidden but still ship in the layer that wrote them.",
    help: "Write the final version in one RUN, or produce it in another stage and COPY --from only the result.",
    severity: "info",
  },
  "apt-recommends": {
    name: "AptInstallRecommends",
    short: "apt-get install without --no-install-recommends",
    full: "apt-get install without --no-install-recommends also installs the packages the requested ones recommend, which the image rarely needs.",
    help: "Use `apt-get install -y --no-install-recommends …` and list the packages the image needs.",
    severity: "info",
  },
  "metadata-reemit": {
    name: "MetadataChangeCopiesFiles",
    short: "a permission, owner or time change copies whole files",
    full: "A layer changes only the mode, owner or time of files written by an earlier layer. Layers store whole files, so every such file ships twice.",
    help: "Set mode and owner where the files are written: `COPY --chmod=… --chown=…`, or chmod/chown in the RUN that creates them.",
    severity: "warning",
  },
  "node-modules-copied": {
    name: "NodeModulesCopied",
    short: "node_modules copied from the build context",
    full: "A COPY or ADD brings the build context's node_modules into the image: host-built dependencies, dev dependencies included.",
    help: "Add `node_modules` to .dockerignore and install dependencies in the image (`RUN npm ci`), or COPY them --from a build stage.",
    severity: "info",
  },
  "build-tools": {
    name: "BuildToolsInFinalImage",
    short: "build tools in the final image",
    full: "Compilers, headers or other build tools are present in the final image, which only needs their results at run time.",
    help: "Build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the results.",
    severity: "warning",
  },
  "secret-env": {
    name: "SecretInEnv",
    short: "credential in an ENV variable",
    full: "An ENV variable of the image config holds what looks like a credential. Anyone who can pull the image can read it.",
    help: "Pass credentials at run time (`docker run -e`, a secret store), or use `RUN --mount=type=secret` during the build.",
    severity: "error",
    security: true,
  },
  "secret-build-arg": {
    name: "SecretInBuildArg",
    short: "credential passed as a build argument",
    full: "A build argument that looks like a credential is recorded, with its value, in the image history.",
    help: "Use `RUN --mount=type=secret,id=…` instead of ARG for credentials.",
    severity: "error",
    security: true,
  },
  "secret-label": {
    name: "SecretInLabel",
    short: "credential in a label",
    full: "A label of the image config holds what looks like a credential. Labels are readable by anyone who can pull the image.",
    help: "Remove the label and pass credentials at run time.",
    severity: "error",
    security: true,
  },
  "secret-file": {
    name: "SecretFileInLayer",
    short: "key or credential file in a layer",
    full: "A layer holds a private key or credential file. Even when a later layer deletes it, it can be read from the layer that added it.",
    help: "Keep it out of the build context (.dockerignore) and mount it only where needed (`RUN --mount=type=secret`).",
    severity: "error",
    security: true,
  },
  "duplicate-content": {
    name: "DuplicateContent",
    short: "identical files at different paths",
    full: "Files of the final image hold the same bytes at different paths (found with --duplicates): every copy but one ships for nothing.",
    help: "Keep one copy and link the others to it, or drop the package or stage that brings the second copy.",
    severity: "info",
  },
};
