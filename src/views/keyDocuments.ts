// A Redis key as a document in an editor, through a file system of our own (`fakecloud-key:`): read whole when it
// opens, saved back as its type; a save refuses when the key changed since it was read. A key that cannot be
// saved (a stream, bytes that are not UTF-8) opens read-only, the reason in the error a save would give.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import { MAX_KEY_SAVE_BYTES, type KeyRef, type OpenedKey } from '../protocol/keys';
import { sizeText } from '../protocol/text';
import { errorText } from '../commands/command';
import { l10n } from '../protocol/l10n';

export const KEY_SCHEME = 'fakecloud-key';

export interface KeyAddress {
  resourceId: string;
  db: number;
  key: KeyRef;
}

/** Only what would split the path is escaped, so the editor's tab reads as the key's name ("user:1.json"). */
const seg = (s: string) => s.replace(/%/g, '%25').replace(/\//g, '%2F');
const unseg = (s: string) => s.replace(/%2F/gi, '/').replace(/%25/g, '%');

/** `fakecloud-key:/<resource>/<db>/<key>.<json|txt>`; a binary name travels as base64 with `?binary`. */
export function keyUri(a: KeyAddress, language: 'json' | 'plaintext'): vscode.Uri {
  return vscode.Uri.from({
    scheme: KEY_SCHEME,
    path: `/${seg(a.resourceId)}/${a.db}/${seg(a.key.name)}.${language === 'json' ? 'json' : 'txt'}`,
    ...(a.key.binary ? { query: 'binary' } : {}),
  });
}

export function addressOf(uri: vscode.Uri): KeyAddress {
  const [, rid, db, file] = uri.path.split('/');
  const name = unseg(file.replace(/\.(json|txt)$/, ''));
  return { resourceId: unseg(rid), db: Number(db), key: uri.query === 'binary' ? { name, binary: true } : { name } };
}

export class KeyDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** The last read of each open key: its digest (what a save checks against) and what stat reports. */
  private readonly reads = new Map<string, { at: number; opened: OpenedKey }>();

  constructor(private readonly client: ServiceClient) {}

  /** Reads the key (for a moment, reused by the stat and read that follow one another when it opens). */
  private async open(uri: vscode.Uri): Promise<OpenedKey> {
    const known = this.reads.get(uri.toString());
    if (known && Date.now() - known.at < 2_000) return known.opened;
    const a = addressOf(uri);
    try {
      const opened = await this.client.request('cache/keyRead', { resourceId: a.resourceId, db: a.db, key: a.key });
      this.reads.set(uri.toString(), { at: Date.now(), opened });
      return opened;
    } catch (err) {
      throw vscode.FileSystemError.Unavailable(`${a.key.name}: ${errorText(err)}`);
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const opened = await this.open(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: Date.now(),
      size: Buffer.byteLength(opened.document.text),
      ...(opened.document.readOnly ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from((await this.open(uri)).document.text, 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const a = addressOf(uri);
    const last = this.reads.get(uri.toString())?.opened;
    if (!last) throw vscode.FileSystemError.Unavailable(l10n.t('{0} was not opened here: open it from the tree first', a.key.name));
    if (last.document.readOnly)
      throw vscode.FileSystemError.NoPermissions(l10n.t('{0} cannot be saved: {1}', a.key.name, last.document.readOnly));
    if (content.byteLength > MAX_KEY_SAVE_BYTES)
      throw vscode.FileSystemError.NoPermissions(
        l10n.t(
          '{0} was not saved: it is {1}, and at most {2} is saved from the editor (use your own Redis client for more)',
          a.key.name,
          sizeText(content.byteLength),
          sizeText(MAX_KEY_SAVE_BYTES),
        ),
      );
    try {
      const { digest } = await this.client.request('cache/keyWrite', {
        resourceId: a.resourceId,
        db: a.db,
        key: a.key,
        text: Buffer.from(content).toString('utf8'),
        digest: last.digest,
      });
      // What was saved is what the key holds now: the next save checks against it.
      this.reads.set(uri.toString(), { at: 0, opened: { ...last, digest } });
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    } catch (err) {
      throw vscode.FileSystemError.Unavailable(errorText(err));
    }
  }

  watch(): vscode.Disposable {
    return { dispose: () => undefined };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('keys are not folders'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('delete a key from the tree'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('rename a key from the tree'));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
