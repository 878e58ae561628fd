import { describe, expect, it } from "vitest";
import { isCredentialName, isCredentialValue, looksLikeSecret } from "../../../src/analysis/hints/credential-patterns.js";

describe("credential patterns", () => {
  it.each(["NPM_TOKEN", "DB_PASSWORD", "API_KEY", "awsSecretAccessKey", "GITHUB_AUTH_TOKEN", "client.secret", "MYSQL_ROOT_PASSWORD"])(
    "%s is a credential name",
    (name) => expect(isCredentialName(name)).toBe(true),
  );

  it.each(["PATH", "PWD", "HOME", "PASSWORD_FILE", "TOKEN_URL", "KEYBOARD", "GPG_KEY_ID", "LAB_FEATURES", "NODE_VERSION"])(
    "%s is not a credential name",
    (name) => expect(isCredentialName(name)).toBe(false),
  );

  it("recognises token shapes and URLs with a password, whatever the name", () => {
    expect(isCredentialValue("ghp_" + "a".repeat(36))).toBe(true);
    expect(isCredentialValue("AKIA" + "ABCDEFGHIJKLMNOP")).toBe(true);
    expect(isCredentialValue("postgres://app:s3cret@db:5432/app")).toBe(true);
    expect(isCredentialValue("-----BEGIN RSA PRIVATE KEY-----")).toBe(true);
    expect(isCredentialValue("https://example.com/path")).toBe(false);
    expect(isCredentialValue("1.2.3")).toBe(false);
  });

  it("ignores empty values, paths and variable references under credential names", () => {
    expect(looksLikeSecret("DB_PASSWORD", "")).toBe(false);
    expect(looksLikeSecret("DB_PASSWORD", "/run/secrets/db")).toBe(false);
    expect(looksLikeSecret("DB_PASSWORD", "${DB_PASSWORD}")).toBe(false);
    expect(looksLikeSecret("DB_PASSWORD", "hunter2")).toBe(true);
    expect(looksLikeSecret("DATABASE_URL", "mysql://root:hunter2@db/app")).toBe(true);
  });
});
