/**
 * The documents link to each other and to the tree: every relative link of README.md, CHANGELOG.md, SECURITY.md and
 * docs/*.md names a file that exists and, into a Markdown file, a heading it has.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const DOCUMENTS = [
  "README.md",
  "CHANGELOG.md",
  "SECURITY.md",
  ...readdirSync("docs")
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The text outside code blocks, where a `](…)` is a link. */
function prose(file: string): string {
  return readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading
    .replace(/`/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function headings(file: string): Set<string> {
  return new Set([...prose(file).matchAll(/^#{1,6} (.*)$/gm)].map((match) => anchor(match[1])));
}

/** Every relative link that leads nowhere, as `FILE: TARGET: why`. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(file).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, fragment] = target.split("#");
    const destination = path ? resolve(dirname(file), path) : resolve(file);
    if (!existsSync(destination)) broken.push(`${file}: ${target}: no such file`);
    else if (fragment && destination.endsWith(".md") && statSync(destination).isFile() && !headings(destination).has(fragment))
      broken.push(`${file}: ${target}: no such heading`);
  }
  return broken;
}

describe("the documents' links", () => {
  it("lead to files and headings that exist", () => {
    expect(DOCUMENTS.filter((file) => existsSync(file)).flatMap(brokenLinks)).toEqual([]);
  });

  it("reports a link to a missing file or heading, not one to a heading that exists", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-links-"));
    try {
      const file = join(dir, "a.md");
      writeFileSync(file, "# Many images: `fleet`\n\n[x](b.md), [y](a.md#nowhere), [z](#many-images-fleet), [w](https://example.com/c.md)\n");
      expect(brokenLinks(file)).toEqual([`${file}: b.md: no such file`, `${file}: a.md#nowhere: no such heading`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
