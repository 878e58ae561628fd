/** A database could not be read: its packages are left out and the message becomes a warning line. */
export class PackageDbError extends Error {}

export type Stanza = Map<string, string>;

/**
 * Parses deb822 text (dpkg's status, status.d files): stanzas of `Field: value` lines separated by blank lines,
 * continuation lines starting with a space or tab. Field names are lowercased. A text that does not end with a
 * newline or holds a line that is neither a field nor a continuation is refused: that is a truncated or foreign
 * file, and reading part of it would give wrong figures. With `fields`, only those (lowercase) are kept.
 */
export function parseDeb822(text: string, what: string, fields?: ReadonlySet<string>): Stanza[] {
  if (text.length > 0 && !text.endsWith("\n")) throw new PackageDbError(`${what} is truncated (no final newline)`);
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField = "";
  let keep = false;
  let lineNo = 0;
  for (const line of text.split("\n")) {
    lineNo++;
    if (line.trim() === "") {
      current = undefined;
      continue;
    }
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!current || lastField === "") throw new PackageDbError(`${what}: line ${lineNo} continues nothing`);
      if (keep) current.set(lastField, current.get(lastField)! + "\n" + line.slice(1));
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw new PackageDbError(`${what}: line ${lineNo} is not a field`);
    if (!current) stanzas.push((current = new Map()));
    lastField = line.slice(0, colon).toLowerCase();
    // a status file is mostly descriptions and conffiles: fields nobody reads are checked, not kept
    keep = fields === undefined || fields.has(lastField);
    if (keep) current.set(lastField, line.slice(colon + 1).trim());
  }
  return stanzas;
}

/** `a (>= 1), b:any | c, d [amd64]` → [["a"], ["b", "c"], ["d"]]: names only, versions and qualifiers dropped. */
export function parseRelations(value: string | undefined): string[][] {
  if (!value) return [];
  return value
    .split(",")
    .map((group) =>
      group
        .split("|")
        .map((alternative) => alternative.trim().split(/[\s([<]/)[0].replace(/:[a-z0-9-]+$/, ""))
        .filter((name) => name !== ""),
    )
    .filter((group) => group.length > 0);
}
