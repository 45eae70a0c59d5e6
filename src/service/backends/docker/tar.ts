// Just enough tar for Docker's archive API: one file or a folder of code in,
// one file out. Pure: the extractor is fed chunks and hands back the first
// regular file's bytes as they come, so a 200 MB snapshot never sits in memory.

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export type TarType = 'file' | 'directory' | 'symlink';
const TYPE_FLAG: Record<TarType, string> = { file: '0', directory: '5', symlink: '2' };

/**
 * Splits a path into ustar's prefix (155 bytes) and name (100 bytes), at a
 * slash; undefined when it does not fit.
 */
export function splitTarPath(p: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(p) <= 100) return { prefix: '', name: p };
  for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
    const prefix = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name.length > 0) return { prefix, name };
  }
  return undefined;
}

/** A ustar header: a regular file by default; a directory or a symbolic link when asked. */
export function tarHeader(
  name: string,
  size: number,
  mode = 0o644,
  mtime = Math.floor(Date.now() / 1000),
  type: TarType = 'file',
  linkname = '',
): Buffer {
  const split = splitTarPath(name);
  if (!split) throw new Error(`tar: path too long: ${name}`);
  if (Buffer.byteLength(linkname) > 100) throw new Error(`tar: link target too long: ${linkname}`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(split.name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(type === 'file' ? size : 0, 12), 124, 12, 'ascii');
  h.write(octal(mtime, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(TYPE_FLAG[type], 156, 1, 'ascii');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(split.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

/** Zero padding after a file's content. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);
}

/** Zero padding after `size` bytes of content, plus the two end-of-archive blocks. */
export function tarTrailer(size: number): Buffer {
  const pad = (BLOCK - (size % BLOCK)) % BLOCK;
  return Buffer.alloc(pad + 2 * BLOCK, 0);
}

function parseSize(field: Buffer): number {
  if (field[0] & 0x80) {
    // base-256 for files of 8 GiB and more
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

export interface TarEntry {
  name: string;
  size: number;
  type: string;
}

type Phase =
  { kind: 'header' } | { kind: 'skip'; left: number; then: 'header' } | { kind: 'file'; left: number; pad: number } | { kind: 'done' };

/**
 * Feeds a tar stream; yields the first regular file's header once, then its
 * content in pieces. PAX and GNU long-name headers before it are skipped.
 */
export class TarFileExtractor {
  private buf: Buffer = Buffer.alloc(0);
  private phase: Phase = { kind: 'header' };
  entry: TarEntry | undefined;

  get done(): boolean {
    return this.phase.kind === 'done';
  }

  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      const p = this.phase;
      if (p.kind === 'done') {
        this.buf = Buffer.alloc(0);
        return out;
      }
      if (p.kind === 'header') {
        if (this.buf.length < BLOCK) return out;
        const h = this.buf.subarray(0, BLOCK);
        this.buf = this.buf.subarray(BLOCK);
        if (h.every((b) => b === 0)) {
          this.phase = { kind: 'done' };
          continue;
        }
        const type = String.fromCharCode(h[156] || 0x30);
        const size = parseSize(h.subarray(124, 136));
        const padded = Math.ceil(size / BLOCK) * BLOCK;
        if (type === '0' || type === '\0') {
          const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
          this.entry = { name, size, type: '0' };
          this.phase = { kind: 'file', left: size, pad: padded - size };
        } else {
          this.phase = { kind: 'skip', left: padded, then: 'header' };
        }
        continue;
      }
      if (p.kind === 'skip') {
        const n = Math.min(p.left, this.buf.length);
        this.buf = this.buf.subarray(n);
        p.left -= n;
        if (p.left > 0) return out;
        this.phase = { kind: 'header' };
        continue;
      }
      // file content
      if (p.left > 0) {
        const n = Math.min(p.left, this.buf.length);
        if (n === 0) return out;
        // A view, not a copy: the chunk is not reused by the stream that gave it.
        out.push(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        p.left -= n;
        if (p.left > 0) return out;
      }
      this.phase = { kind: 'done' };
    }
  }

  /** True when the whole first file has been seen. */
  get fileComplete(): boolean {
    return this.entry !== undefined && this.phase.kind === 'done';
  }
}
