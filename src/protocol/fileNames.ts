// Names that come from elsewhere (a container's label, a server, a key, a file in a container) as names of files
// on this machine: one path segment that stays where it is put, on every platform this runs on. Pure.

/** Names Windows keeps for devices, with or without an extension ("nul", "com1.txt"). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
/** Separators, on any platform, and what Windows does not allow in a name. */
const UNSAFE_ANYWHERE = /[/\\]/g;
const UNSAFE_ON_WINDOWS = /[<>:"|?*]/g;
// Control characters (C0, DEL, C1) and the invisible marks that can make a name read as another.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Most file systems take 255 bytes in a name. */
const MAX_BYTES = 255;

/**
 * `name` as one file name that cannot leave the folder it is joined to: separators, control characters and (on
 * Windows) the characters it refuses become "_", "." and ".." and reserved device names are prefixed, trailing dots
 * and spaces (which Windows drops) are replaced, and the result fits 255 bytes. An empty name becomes `fallback`.
 */
export function safeFileName(name: string, platform: string = process.platform, fallback = 'download'): string {
  let n = name.replace(CONTROL, '_').replace(UNSAFE_ANYWHERE, '_');
  if (platform === 'win32') n = n.replace(UNSAFE_ON_WINDOWS, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (n === '' || /^\.+$/.test(n)) n = n === '' ? fallback : n.replace(/\./g, '_');
  if (platform === 'win32' && RESERVED.test(n)) n = `_${n}`;
  while (Buffer.byteLength(n, 'utf8') > MAX_BYTES) n = [...n].slice(0, -1).join('');
  return n;
}
