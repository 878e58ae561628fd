/** A path test built from what the user typed: a regular expression when it compiles, else a substring. */
export interface PathFilter {
  text: string;
  kind: "regex" | "substring" | "package";
  test(path: string): boolean;
}

export function compilePathFilter(text: string): PathFilter | undefined {
  if (text === "") return undefined;
  try {
    const re = new RegExp(text);
    return { text, kind: "regex", test: (path) => re.test(path) };
  } catch {
    return { text, kind: "substring", test: (path) => path.includes(text) };
  }
}
