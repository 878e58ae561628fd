import { inCertificateStore } from "../cert-stores.js";
import { globTest } from "../glob.js";
import type { HintContext } from "./context.js";
import type { Hint, HintSeverity } from "./types.js";
import { ITEMS_PER_STEP, type Steps } from "../../steps/steps.js";

interface SecretFileKind {
  test: (path: string) => boolean;
  severity: HintSeverity;
  what: string;
}

const options = { dot: true, basename: false };
const PUBLIC_NAME = /(?:cert|chain|bundle|\bca\b|ca[-_.]|pub)/i;

const isKeyFile = globTest("/**/*.{pem,key,p12,pfx}", options);
const isEnvFile = globTest("/**/.env{,.*}", options);

const KINDS: SecretFileKind[] = [
  { test: globTest("/**/{id_rsa,id_dsa,id_ecdsa,id_ed25519}", options), severity: "error", what: "an SSH private key" },
  {
    test: (path) => isKeyFile(path) && !inCertificateStore(path) && !PUBLIC_NAME.test(path.slice(path.lastIndexOf("/") + 1)),
    severity: "warning",
    what: "a key file (possibly a private key)",
  },
  {
    test: (path) => isEnvFile(path) && !/\.(?:example|sample|template|dist|defaults?)$/.test(path),
    severity: "warning",
    what: "a .env file (often holds credentials)",
  },
  {
    test: globTest("/**/{.npmrc,.yarnrc.yml,.pypirc,.netrc,.git-credentials,.docker/config.json,.aws/credentials}", options),
    severity: "warning",
    what: "a credentials file (it may hold a registry or cloud token)",
  },
];
/** The file names the kinds above can match (more than they match): the only paths the globs are tried on */
const CANDIDATE_NAME =
  /^(?:id_(?:rsa|dsa|ecdsa|ed25519)|.*\.(?:pem|key|p12|pfx)|\.env(?:\..*)?|\.npmrc|\.yarnrc\.yml|\.pypirc|\.netrc|\.git-credentials|config\.json|credentials)$/;

/** More files than this of one kind in one layer make one hint instead of one per file. */
const MAX_LISTED = 3;

/**
 * Private keys and credential files, in every layer (a file deleted later still ships in the layer that added
 * it). Found by name only: the contents are never read, and the hint prints only the path.
 */
export function* secretFileHints(context: HintContext): Steps<Hint[]> {
  const hints: Hint[] = [];
  for (let layer = 0; layer < context.layerCount; layer++) {
    const found = new Map<SecretFileKind, string[]>();
    const changes = context.analysis.tree.changesOf(layer);
    for (let i = 0; i < changes.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const change = changes[i];
      if (change.kind === "removed" || (change.type !== "file" && change.type !== "hardlink")) continue;
      const path = change.path;
      if (!CANDIDATE_NAME.test(path.slice(path.lastIndexOf("/") + 1))) continue;
      const kind = KINDS.find((k) => k.test(path));
      // a package's own file (Debian's example keys, test certificates) is not a leak of this build
      if (!kind || context.ownedByPackage(path)) continue;
      const list = found.get(kind);
      if (list) list.push(path);
      else found.set(kind, [path]);
    }
    for (const [kind, paths] of found) {
      const listed = paths.length <= MAX_LISTED ? paths : [paths[0]];
      for (const path of listed) {
        const gone = context.layerCount > 0 && !context.presentAtEnd(path);
        const what = paths.length <= MAX_LISTED ? `${kind.what} at ${path}` : `${paths.length} files like ${path}: ${kind.what}`;
        hints.push(
          context.hint({
            id: "secret-file",
            severity: kind.severity,
            layer,
            path: paths.length <= MAX_LISTED ? path : undefined,
            bytes: 0,
            message: `${what}${gone ? " (deleted by a later layer, but still in this one)" : ""}`,
            fix: "keep it out of the build context (.dockerignore) and mount it only where needed (`RUN --mount=type=secret`)",
          }),
        );
      }
    }
  }
  return hints;
}
