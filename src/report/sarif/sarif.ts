import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Fix, Location, Log, ReportingDescriptor, Result } from "sarif";
import type { Hint, HintSeverity } from "../../analysis/hints/types.js";
import { HINT_RULES, type HintId, type HintRuleText } from "./rules.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

const LEVEL: Record<HintSeverity, Result.level> = { error: "error", warning: "warning", info: "note" };

export interface SarifOptions {
  toolVersion: string;
  /** The Dockerfile as `artifactLocation` resolved it; results with a line point into it, the others at its line 1 */
  dockerfile?: ArtifactUri;
  /** Without a Dockerfile, results point at line 1 of the image (its path, or its reference, as `artifactLocation` resolved it) */
  imageArtifact?: ArtifactUri;
  image: { reference: string; manifestDigest?: string };
  /** The image's layers, to name each result's layer by digest */
  layers: ReadonlyArray<{ index: number; digest: string }>;
  /** The SARIF fixes of a hint (`layerscope fix`): its Dockerfile and .dockerignore changes */
  fixesOf?: (hint: Hint) => Fix[] | undefined;
}

export interface ArtifactUri {
  uri: string;
  /** True when `uri` is relative to the repository root (the working directory) */
  relative: boolean;
}

/**
 * Where code scanning should look for a file: the path as given, relative to the repository root (the working
 * directory) with `/` separators; a file outside it keeps its absolute `file:` URI (GitHub accepts no other scheme).
 */
export function artifactLocation(given: string, cwd: string): ArtifactUri {
  const rel = isAbsolute(given) ? relative(cwd, given) : given;
  if (isAbsolute(rel) || rel.split(/[\\/]/)[0] === "..") return { uri: pathToFileURL(resolve(cwd, given)).href, relative: false };
  return { uri: relativeUri(rel.split(sep).join("/")), relative: true };
}

/**
 * An image named by reference (`app:dev`, `docker://ghcr.io/org/app:1`) as a relative URI: each part escaped so
 * that no `name:` reads as a URI scheme, which code scanning would refuse.
 */
export function referenceLocation(reference: string): ArtifactUri {
  return { uri: relativeUri(reference), relative: true };
}

function relativeUri(path: string): string {
  return path.split("/").filter((part) => part !== "" && part !== ".").map(encodeURIComponent).join("/");
}

/**
 * A SARIF 2.1.0 log of the hints: one run, one rule per hint id, one result per hint. Every result has a physical
 * location, as code scanning requires: the Dockerfile line when the hint has one, else line 1 of the Dockerfile,
 * else line 1 of the image; and a logical one, the layer (or the config's history entry). Hints never hold a
 * secret's value (src/analysis/hints); nothing else of the image's config goes in here.
 */
export function buildSarifLog(hints: readonly Hint[], options: SarifOptions): Log {
  const ruleIds = [...new Set(hints.map((hint) => hint.id))].sort();
  const rules = ruleIds.map((id) => ruleDescriptor(id, hints));
  const seen = new Map<string, number>();
  const results = hints.map((hint): Result => {
    const key = fingerprintKey(hint);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const fixes = options.fixesOf?.(hint);
    return {
      ruleId: hint.id,
      ruleIndex: ruleIds.indexOf(hint.id),
      level: LEVEL[hint.severity],
      message: { text: `${hint.message}. Fix: ${hint.fix}` },
      locations: [location(hint, options)],
      partialFingerprints: { "layerscopeHint/v1": `${key}:${occurrence}` },
      ...(fixes && fixes.length > 0 ? { fixes } : {}),
      properties: {
        layer: hint.layer,
        ...(hint.history !== undefined ? { history: hint.history } : {}),
        bytes: hint.bytes,
        ...(hint.path !== undefined ? { path: hint.path } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "layerscope", version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        ...((options.dockerfile ?? options.imageArtifact)?.relative ? { originalUriBaseIds: { [SRCROOT]: { description: { text: "The repository root (the working directory of the run)" } } } } : {}),
        results,
        properties: {
          image: options.image.reference,
          ...(options.image.manifestDigest !== undefined ? { manifestDigest: options.image.manifestDigest } : {}),
        },
      },
    ],
  };
}

function ruleDescriptor(id: string, hints: readonly Hint[]): ReportingDescriptor {
  const text: HintRuleText = id in HINT_RULES ? HINT_RULES[id as HintId] : unknownRule(id, hints);
  return {
    id,
    name: text.name,
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    help: { text: text.help, markdown: text.help },
    defaultConfiguration: { level: LEVEL[text.severity] },
    properties: { tags: text.security ? ["security", "container"] : ["efficiency", "container"] },
  };
}

/** A hint id this catalogue does not know yet (a newer rule): described by its first hint. */
function unknownRule(id: string, hints: readonly Hint[]): HintRuleText {
  const first = hints.find((hint) => hint.id === id)!;
  const name = id.split(/[^a-zA-Z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
  return { name, short: `layerscope hint ${id}`, full: `layerscope hint ${id}.`, help: `${first.fix}.`, severity: first.severity };
}

function location(hint: Hint, options: SarifOptions): Location {
  const digest = options.layers[hint.layer]?.digest;
  const logical =
    hint.history !== undefined
      ? { name: `history entry ${hint.history}`, fullyQualifiedName: `history entry ${hint.history} (${hint.instruction ?? "config"})`, kind: "resource" }
      : { name: `layer ${hint.layer}`, fullyQualifiedName: digest !== undefined ? `layer ${hint.layer} (${digest})` : `layer ${hint.layer}`, kind: "module" };
  const artifact = options.dockerfile ?? options.imageArtifact;
  if (artifact === undefined) return { logicalLocations: [logical] };
  const line = options.dockerfile !== undefined && hint.line !== undefined ? hint.line : 1;
  return {
    physicalLocation: {
      artifactLocation: { uri: artifact.uri, ...(artifact.relative ? { uriBaseId: SRCROOT } : {}) },
      region: { startLine: line },
    },
    logicalLocations: [logical],
  };
}

/**
 * What makes a finding the same one in the next build: the rule, the path it is about and the instruction that
 * caused it. Not the line (it moves when lines are added above) and not the layer digest (it changes every build).
 */
function fingerprintKey(hint: Hint): string {
  const where = hint.instruction ?? `layer ${hint.layer}`;
  return createHash("sha256").update(`${hint.id}\0${hint.path ?? ""}\0${where}`).digest("hex").slice(0, 32);
}
