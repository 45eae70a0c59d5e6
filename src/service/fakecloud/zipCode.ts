// A function's code folder as the zip Lambda's CreateFunction takes: each file deflated, with its Unix mode kept (an
// executable stays one, as `zip` keeps it), folders as entries of their own, symlinks as links. Written here because
// it is small and the service bundles no zip library.
import * as zlib from 'node:zlib';
import type { CodeEntry } from '../runtime/functions/codeArchive';
import { streamBounded } from '../../platform/boundedRead';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time, as zip headers carry them. */
function dosTime(unixSeconds: number): { time: number; date: number } {
  const d = new Date(Math.max(unixSeconds, 315532800) * 1000); // not before 1980
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** A file's first `size` bytes (its size when listed): never more, whatever it holds by now. */
async function bytesOf(file: string, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of streamBounded(file, size)) chunks.push(c as Buffer);
  const out = Buffer.concat(chunks);
  if (out.length !== size) throw new Error(`${file} changed while it was read; deploy again`);
  return out;
}

export async function zipFolder(entries: CodeEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.type === 'directory' ? `${e.rel}/` : e.rel, 'utf8');
    const raw =
      e.type === 'file' ? await bytesOf(e.abs, e.size) : e.type === 'symlink' ? Buffer.from(e.link ?? '', 'utf8') : Buffer.alloc(0);
    const deflate = e.type === 'file' && raw.length > 0;
    const data = deflate ? zlib.deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const { time, date } = dosTime(e.mtime);
    const kind = e.type === 'directory' ? S_IFDIR : e.type === 'symlink' ? S_IFLNK : S_IFREG;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is read
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(deflate ? 8 : 0, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(0, 30); // extra
    cd.writeUInt16LE(0, 32); // comment
    cd.writeUInt16LE(0, 34); // disk
    cd.writeUInt16LE(0, 36); // internal attributes
    cd.writeUInt32LE((((kind | (e.mode & 0o7777)) << 16) | (e.type === 'directory' ? 0x10 : 0)) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}
