import { stat } from "node:fs/promises";

/** Whether something (file, directory, link target) exists at `path`; any error reads as no. */
export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
