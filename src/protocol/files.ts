// A container's or Pod's files as the Files view and the fakecloud-files: file system see them.

export type FileKind = 'file' | 'directory' | 'other';

export interface FileEntry {
  name: string;
  /** What it is, a symbolic link followed (a link to a folder is a directory). */
  kind: FileKind;
  /** A symbolic link (followed for kind, size and times); broken when its target is missing. */
  link?: 'ok' | 'broken';
  size: number;
  /** Milliseconds since the epoch. */
  mtime: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  uid: number;
  gid: number;
}

/** Why a file operation failed, for the file system to raise the error VS Code expects. */
export type FileErrorCode = 'FileNotFound' | 'FileExists' | 'FileNotADirectory' | 'FileIsADirectory' | 'NoPermissions' | 'Unavailable';

/** Files larger than this are not opened in an editor (they travel whole, as base64, in one message of at most 16 MB
 * to and from the service): Download and Upload take any size. */
export const MAX_OPEN_BYTES = 10 * 1024 * 1024;

/** The URI scheme of a resource's files: fakecloud-files://<resource id>/<path in the container>. */
export const FILES_SCHEME = 'fakecloud-files';
