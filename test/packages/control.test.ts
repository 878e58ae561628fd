import { describe, expect, it } from "vitest";
import { PackageDbError, parseDeb822 } from "../../src/packages/control.js";

const STATUS = "Package: a\nStatus: install ok installed\nDescription: short\n long text\n .\n more\nVersion: 1\n\nPackage: b\nVersion: 2\n";

describe("parseDeb822", () => {
  it("keeps every field, continuations joined, names lowercased", () => {
    const [a, b] = parseDeb822(STATUS, "status");
    expect(a.get("description")).toBe("short\nlong text\n.\nmore");
    expect(a.get("version")).toBe("1");
    expect(b.get("package")).toBe("b");
  });

  it("with a field set keeps only those, and still checks the others", () => {
    const [a] = parseDeb822(STATUS, "status", new Set(["package", "version"]));
    expect([...a.keys()]).toEqual(["package", "version"]);
    expect(() => parseDeb822("Package: a\nbroken line\n", "status", new Set(["package"]))).toThrow(PackageDbError);
    expect(() => parseDeb822(" orphan\n", "status", new Set(["package"]))).toThrow(/continues nothing/);
  });
});
