/**
 * A build that could not start or failed (the builder's log went to stderr already), or a builder that cannot be
 * used here (unknown, not installed): one line for the user, exit status 2.
 */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}
