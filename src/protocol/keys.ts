// What is inside a cache, as both halves see it: keys page by page, with their type and time to live. Pure data.
import type { KeyDocument, KeyValue } from './keyDocument';

export interface KeyInfo {
  /** The key's name: as text, or base64 when it is not UTF-8 (`binary`). */
  name: string;
  binary?: true;
  /** string, hash, list, set, zset, stream; "none" when it went meanwhile. */
  type: string;
  /** Milliseconds left; -1 without an expiry, -2 when the key is gone. */
  ttlMs: number;
  /** Bytes it takes in memory, once asked for (MEMORY USAGE). */
  bytes?: number;
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

/** A key opened as a document. */
export interface OpenedKey {
  type: KeyValue['type'];
  document: KeyDocument;
  /** What the value was when read: a save refuses when it is no longer so. */
  digest: string;
  ttlMs: number;
}

export interface KeyRef {
  name: string;
  binary?: boolean;
}

/** The types a key can be made as. */
export const KEY_TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** The most an edited key document may hold to be saved (strings up to 5 MB are opened): checked before it is sent. */
export const MAX_KEY_SAVE_BYTES = 8 * 1024 * 1024;
