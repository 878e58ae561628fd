/** A problem with a config file or a rule option; its message is the one line the user sees (exit status 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
