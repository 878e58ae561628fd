/** "a/b//" → "a/b": trailing slashes cut by a loop, not by a regular expression that backtracks on long runs. */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") end--;
  return text.slice(0, end);
}
