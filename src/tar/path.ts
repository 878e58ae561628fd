/**
 * Cleans a tar member name into a path relative to the image root: no leading `/` or `./`, no trailing `/`,
 * empty and `.` segments dropped, `..` resolved lexically and never above the root. The root itself is "".
 */
export function cleanPath(name: string): string {
  if (isAlreadyClean(name)) return name;
  const out: string[] = [];
  for (const segment of name.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return out.join("/");
}

function isAlreadyClean(name: string): boolean {
  if (name.length === 0) return true;
  if (name.charCodeAt(0) === 47 || name.charCodeAt(name.length - 1) === 47) return false;
  if (name.includes("//")) return false;
  for (const segment of name.split("/")) if (segment === "." || segment === "..") return false;
  return true;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `etc/passwd` → `/etc/passwd`; "" → `/` */
export function absolute(path: string): string {
  return "/" + path;
}
