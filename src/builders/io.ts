/** What a build touches of its caller's process: the environment, the directory, and where the builder's log goes. */
export interface BuilderIo {
  env: Record<string, string | undefined>;
  cwd: string;
  /** The builder's own output (both streams); stdout may carry a report */
  stderr(text: string): void;
}
