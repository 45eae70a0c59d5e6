// A function's code folder as a tar, written to a file: what Deploy copies into
// /var/task and what a repair copies again. Checked before anything is created:
// the folder exists, holds files, and fits Lambda's size limit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTarFile, type ArchiveEntry } from '../../backends/docker/archives';
import { MAX_CODE_BYTES } from './functionSpec';
import { UserError } from '../userError';
import { l10n } from '../../../protocol/l10n';

/** Where a deploy's code is stored: `<code dir>/<function>/<deploy id>.tar`. */
export function codeArchivePath(codeDir: string, name: string, deployId: string): string {
  return path.join(codeDir, name, `${deployId}.tar`);
}

/** Not part of a function's code. */
const SKIP = new Set(['.git', '.hg', '.svn', '.DS_Store']);

export type CodeEntry = ArchiveEntry;

/** Lists the folder (sorted, so archives are reproducible); refuses what cannot be deployed. */
export async function listCode(folder: string): Promise<{ entries: CodeEntry[]; files: number; bytes: number }> {
  if (!path.isAbsolute(folder)) throw new UserError(l10n.t('the code folder must be an absolute path: {0}', folder));
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(folder);
  } catch (err) {
    throw new UserError(
      l10n.t('the code folder {0} does not exist ({1})', folder, (err as NodeJS.ErrnoException).code ?? (err as Error).message),
    );
  }
  if (!st.isDirectory()) throw new UserError(l10n.t('{0} is not a folder', folder));
  const entries: CodeEntry[] = [];
  let files = 0;
  let bytes = 0;
  const walk = async (dir: string, relDir: string): Promise<void> => {
    const names = (await fs.promises.readdir(dir)).sort();
    for (const name of names) {
      if (SKIP.has(name)) continue;
      const abs = path.join(dir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      const s = await fs.promises.lstat(abs);
      const mtime = Math.floor(s.mtimeMs / 1000);
      if (s.isDirectory()) {
        entries.push({ rel, abs, type: 'directory', size: 0, mode: s.mode & 0o7777, mtime });
        await walk(abs, rel);
      } else if (s.isFile()) {
        files++;
        bytes += s.size;
        if (bytes > MAX_CODE_BYTES)
          throw new UserError(
            l10n.t("the code in {0} is larger than Lambda's {1} MB limit for unzipped code", folder, MAX_CODE_BYTES / 1024 / 1024),
          );
        entries.push({ rel, abs, type: 'file', size: s.size, mode: s.mode & 0o7777, mtime });
      } else if (s.isSymbolicLink()) {
        entries.push({ rel, abs, type: 'symlink', size: 0, mode: 0o777, mtime, link: await fs.promises.readlink(abs) });
      }
      // Sockets, pipes and devices are not code.
    }
  };
  try {
    await walk(folder, '');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(l10n.t('cannot read the code folder {0}: {1}', folder, (err as Error).message));
  }
  if (files === 0) throw new UserError(l10n.t('the code folder {0} has no files', folder));
  return { entries, files, bytes };
}

/** Writes the listed entries as a tar to `dest` (mode 0600), relative to the folder. */
export async function writeCodeArchive(entries: CodeEntry[], dest: string): Promise<number> {
  await fs.promises.mkdir(path.dirname(dest), { recursive: true, mode: 0o700 });
  try {
    return await writeTarFile(entries, dest);
  } catch (err) {
    if (err instanceof Error && /changed while it was read/.test(err.message)) throw new UserError(err.message);
    throw err;
  }
}
