// The fakecloud-files: file system: a resource's files in editors and the Explorer, every call relayed to the
// service (which reaches them through Docker's archive API, or exec with tar in a Pod). The authority names the
// resource by backend, kind and name, so an editor outlives the container an update replaces.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import { RpcError } from '../protocol/jsonRpcPeer';
import { FILES_SCHEME, type FileEntry, type FileErrorCode } from '../protocol/files';
import { l10n } from '../protocol/l10n';
import type { Resource } from '../protocol/model';
import { filesAuthority, fileUriParts } from '../views/fileNodes';

/** The error VS Code expects for what the service says went wrong. */
export function fileSystemError(err: unknown, uri: vscode.Uri): Error {
  const code = err instanceof RpcError ? (err.data as { fileError?: FileErrorCode } | undefined)?.fileError : undefined;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'FileNotFound':
      return vscode.FileSystemError.FileNotFound(uri);
    case 'FileExists':
      return vscode.FileSystemError.FileExists(uri);
    case 'FileNotADirectory':
      return vscode.FileSystemError.FileNotADirectory(uri);
    case 'FileIsADirectory':
      return vscode.FileSystemError.FileIsADirectory(uri);
    case 'NoPermissions':
      return vscode.FileSystemError.NoPermissions(message);
    default:
      return vscode.FileSystemError.Unavailable(message);
  }
}

function fileType(e: FileEntry): vscode.FileType {
  const base = e.kind === 'directory' ? vscode.FileType.Directory : e.kind === 'file' ? vscode.FileType.File : vscode.FileType.Unknown;
  // A link is its target's type with the SymbolicLink bit, as VS Code's own file systems report it (FileType is a
  // bit set, which the enum's type does not say).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  return e.link ? base | vscode.FileType.SymbolicLink : base;
}

export class ResourceFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(
    private readonly client: ServiceClient,
    private readonly resources: () => readonly Resource[],
    /** Resolves once the window has the service's model (at most a short wait): a restored editor asks before it. */
    private readonly modelLoaded: () => Promise<void>,
    /** Told of every change made here, so the tree lists that folder again. */
    private readonly onChanged: (resourceId: string, path: string) => void = () => undefined,
  ) {}

  static uri(r: Resource, path: string): vscode.Uri {
    return vscode.Uri.from(fileUriParts(r, path));
  }

  private async resourceOf(uri: vscode.Uri): Promise<Resource> {
    if (!this.resources().some((x) => filesAuthority(x) === uri.authority)) await this.modelLoaded();
    const r = this.resources().find((x) => filesAuthority(x) === uri.authority);
    if (!r) throw vscode.FileSystemError.Unavailable(l10n.t('{0} is not among the resources now', uri.authority));
    return r;
  }

  private async call<T>(uri: vscode.Uri, fn: (resourceId: string, path: string) => Promise<T>): Promise<T> {
    const r = await this.resourceOf(uri);
    try {
      return await fn(r.id, uri.path || '/');
    } catch (err) {
      throw fileSystemError(err, uri);
    }
  }

  private changed(uri: vscode.Uri, type: vscode.FileChangeType): void {
    this.emitter.fire([{ type, uri }]);
    const r = this.resources().find((x) => filesAuthority(x) === uri.authority);
    if (r) this.onChanged(r.id, uri.path);
  }

  // No watching: a container's files change behind our back; Refresh and reopening read them afresh.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.call(uri, async (resourceId, path) => {
      const e = await this.client.request('files/stat', { resourceId, path });
      return { type: fileType(e), ctime: e.mtime, mtime: e.mtime, size: e.size };
    });
  }

  readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.call(uri, async (resourceId, path) => {
      const { entries } = await this.client.request('files/list', { resourceId, path });
      return entries.map((e): [string, vscode.FileType] => [e.name, fileType(e)]);
    });
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await this.call(uri, (resourceId, path) => this.client.request('files/mkdir', { resourceId, path }));
    this.changed(uri, vscode.FileChangeType.Created);
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.call(uri, async (resourceId, path) =>
      Buffer.from((await this.client.request('files/read', { resourceId, path })).base64, 'base64'),
    );
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    await this.call(uri, (resourceId, path) =>
      this.client.request('files/write', {
        resourceId,
        path,
        base64: Buffer.from(content).toString('base64'),
        create: options.create,
        overwrite: options.overwrite,
      }),
    );
    this.changed(uri, vscode.FileChangeType.Changed);
  }

  async delete(uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
    await this.call(uri, (resourceId, path) => this.client.request('files/delete', { resourceId, path, recursive: options.recursive }));
    this.changed(uri, vscode.FileChangeType.Deleted);
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    if (oldUri.authority !== newUri.authority) throw vscode.FileSystemError.NoPermissions(l10n.t('files move within one resource only'));
    await this.call(oldUri, (resourceId, from) =>
      this.client.request('files/rename', { resourceId, from, to: newUri.path, overwrite: options.overwrite }),
    );
    this.changed(oldUri, vscode.FileChangeType.Deleted);
    this.changed(newUri, vscode.FileChangeType.Created);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export { FILES_SCHEME };
