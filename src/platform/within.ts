// Containment of local paths, as both processes check it. Pure (no links followed: callers resolve those first).
import * as path from 'node:path';

/** Whether `p` is `dir` or inside it, both absolute. */
export function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
