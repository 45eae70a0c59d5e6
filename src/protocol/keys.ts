// What is inside a cache, as both halves see it: keys page by page, with their type and time to live. Pure data.

export interface KeyInfo {
  /** The key's name: as text, or base64 when it is not UTF-8 (`binary`). */
  name: string;
  binary?: true;
  /** string, hash, list, set, zset, stream; "none" when it went meanwhile. */
  type: string;
  /** Milliseconds left; -1 without an expiry, -2 when the key is gone. */
  ttlMs: number;
}

export interface KeyPage {
  keys: KeyInfo[];
  /** Where the next page starts; "0" when the scan is over. */
  cursor: string;
  /** SCAN calls this page took. */
  scans: number;
}

export interface DbKeys {
  db: number;
  keys: number;
  expires: number;
}
