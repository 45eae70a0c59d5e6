// The paths a stack file names (user data, code, snapshots), kept inside the stack file's folder: a path that
// leaves it, by "..", by being absolute, or through a link, is refused at its line before anything is read, so a
// cloned repository's stack file cannot read the machine's other files into a container.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { l10n } from '../../protocol/l10n';
import { readTextBounded } from '../../platform/boundedRead';
import { within } from '../../platform/within';
import type { StackFileAccess } from './stackFile';

/**
 * Where `p`, as the stack file in `dir` gives it, really is (links resolved), when that stays inside `dir`. A path
 * that does not exist yet is checked as far as it does: the deepest part that exists, as it really is.
 */
export async function resolveInside(dir: string, p: string): Promise<{ path: string } | { problem: string }> {
  const abs = path.resolve(dir, p);
  if (!within(dir, abs)) return { problem: l10n.t('{0} is outside the stack file’s folder', p) };
  let realDir: string;
  try {
    realDir = await fs.promises.realpath(dir);
  } catch (err) {
    return { problem: l10n.t('the stack file’s folder cannot be read ({0})', (err as Error).message) };
  }
  const rest: string[] = [];
  let head = abs;
  for (;;) {
    try {
      const real = path.join(await fs.promises.realpath(head), ...rest);
      if (!within(realDir, real)) return { problem: l10n.t('{0} leads outside the stack file’s folder (through a link)', p) };
      return { path: real };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || !within(dir, path.dirname(head)) || head === dir)
        return { problem: l10n.t('{0} cannot be read ({1})', p, code ?? (err as Error).message) };
      rest.unshift(path.basename(head));
      head = path.dirname(head);
    }
  }
}

/** The machine's files, as a stack reads them: inside its folder, each read with a bound, off the event loop. */
export const localStackFiles: StackFileAccess = {
  resolve: resolveInside,
  readText: readTextBounded,
};
