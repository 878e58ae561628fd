// The errors meant for a user: the CLI prints their message as its one line (exit status 2). Every room may
// throw them; this file imports nothing of the project.

/** An error whose message is fit to print as the one line a user sees (exit status 2). */
export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageError";
  }
}

/** A problem with a config file or a rule option; its message is the one line the user sees (exit status 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
