/** A Dockerfile or context fix will not rewrite (too large, unreadable line breaks): one line, exit status 2. */
export class FixInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FixInputError";
  }
}
