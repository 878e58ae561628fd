import type { Fix, Log, Replacement } from "sarif";
import type { Hint } from "../../analysis/hints/types.js";
import type { FixPlan, PlannedFix, TextEdit } from "../../fix/types.js";
import { buildSarifLog, type ArtifactUri, type SarifOptions } from "../sarif/sarif.js";

/**
 * The hints as SARIF, each fixed one carrying its fix: `artifactChanges` with the replacements of the Dockerfile
 * (regions of the original text, 1-based lines and columns) and, for .dockerignore entries, of that file.
 */
export function buildFixSarifLog(hints: readonly Hint[], plan: FixPlan, options: SarifOptions & { dockerignore: ArtifactUri }): Log {
  const byHint = new Map<string, PlannedFix>();
  for (const fix of plan.fixes) for (const hint of fix.hints) byHint.set(key(hint), fix);
  return buildSarifLog(hints, {
    ...options,
    fixesOf: (hint) => {
      const fix = byHint.get(key(hint));
      return fix && options.dockerfile ? [sarifFix(fix, plan, options.dockerfile, options.dockerignore)] : undefined;
    },
  });
}

function key(hint: { id: string; layer: number; line?: number }): string {
  return `${hint.id}\0${hint.layer}\0${hint.line ?? ""}`;
}

function sarifFix(fix: PlannedFix, plan: FixPlan, dockerfile: ArtifactUri, dockerignore: ArtifactUri): Fix {
  const changes: Fix["artifactChanges"] = [];
  if (fix.edits.length > 0) {
    changes.push({ artifactLocation: location(dockerfile), replacements: fix.edits.map((edit) => replacement(plan.dockerfile.before, edit)) });
  }
  if (fix.ignore.length > 0) {
    const before = plan.dockerignore?.before ?? "";
    const head = before === "" || before.endsWith("\n") ? "" : "\n";
    const edit = { start: before.length, end: before.length, text: head + fix.ignore.map((entry) => `${entry}\n`).join("") };
    changes.push({ artifactLocation: location(dockerignore), replacements: [replacement(before, edit)] });
  }
  return { description: { text: `${fix.rule}: ${fix.description}` }, artifactChanges: changes };
}

function location(file: ArtifactUri) {
  return { uri: file.uri, ...(file.relative ? { uriBaseId: "%SRCROOT%" } : {}) };
}

function replacement(text: string, edit: TextEdit): Replacement {
  const start = position(text, edit.start);
  const end = position(text, edit.end);
  return {
    deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    ...(edit.text !== "" ? { insertedContent: { text: edit.text } } : {}),
  };
}

/** 1-based line and column (UTF-16 code units, SARIF's default) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}
