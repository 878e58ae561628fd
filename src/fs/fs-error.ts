// What a file system refusal means, in the words of the C library (strerror), so a user need not know errno names.
const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EEXIST: "file exists",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  EBUSY: "device or resource busy",
};

/** `permission denied (EACCES)` for a Node file system error; its code alone when it has no words here. */
export function fsErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string") return "error";
  const reason = REASONS[code];
  return reason === undefined ? code : `${reason} (${code})`;
}
