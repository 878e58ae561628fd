const CREDENTIAL_WORDS = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pass",
  "pwd",
  "apikey",
  "credential",
  "credentials",
  "auth",
  "privatekey",
  "secretkey",
  "accesskey",
]);
const CREDENTIAL_PAIRS = new Set(["api key", "access key", "private key", "secret key", "client secret", "auth token"]);
/** Words after which the variable names where a secret is, not the secret */
const POINTER_WORDS = new Set(["file", "path", "dir", "url", "host", "user", "username", "name", "id", "env", "var"]);
const SHELL_VARIABLES = new Set(["pwd", "oldpwd"]);

/** `NPM_TOKEN`, `DB_PASSWORD`, `awsAccessKey`: a name that suggests a credential (not `PASSWORD_FILE`, `PWD`). */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || SHELL_VARIABLES.has(words.join("_"))) return false;
  if (POINTER_WORDS.has(words[words.length - 1])) return false;
  if (words.some((word) => CREDENTIAL_WORDS.has(word))) return true;
  return words.slice(1).some((word, i) => CREDENTIAL_PAIRS.has(`${words[i]} ${word}`));
}

const CREDENTIAL_VALUES: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{30,}/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack
  /\bnpm_[A-Za-z0-9]{30,}/, // npm
  /\b[sr]k_live_[A-Za-z0-9]{16,}/, // Stripe
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  // URL with user:password@; tried only where `://` is (the scheme is looked behind) and with bounded parts: linear
  /:\/\/(?<=[a-z][a-z0-9+.-]{0,31}:\/\/)[^\s:@/]{1,256}:[^\s@/]{1,256}@/i,
];

/** A value that looks like a credential by its shape (a known token format, a key, a URL with a password). */
export function isCredentialValue(value: string): boolean {
  return CREDENTIAL_VALUES.some((pattern) => pattern.test(value));
}

/** A name/value pair worth a secret hint: a credential-like name with a real value, or a credential-like value. */
export function looksLikeSecret(name: string, value: string): boolean {
  const trimmed = value.trim();
  if (isCredentialValue(trimmed)) return true;
  if (trimmed === "" || /^[$/]/.test(trimmed) || /^(?:true|false|yes|no|0|1|none|null|changeme)$/i.test(trimmed)) return false;
  return isCredentialName(name);
}
