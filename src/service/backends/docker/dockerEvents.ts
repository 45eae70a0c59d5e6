// Docker's events stream is newline-delimited JSON; a chunk can hold several
// events or part of one. Pure: feed chunks, get parsed events.
import { LineFramer } from '../../../protocol/lineFramer';

export interface DockerEvent {
  type: string;
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch, as a string (too big for a double). */
  timeNano?: string;
  /** Seconds since the epoch. */
  time?: number;
}

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  status?: unknown;
  id?: unknown;
  Actor?: { ID?: unknown; Attributes?: unknown };
  time?: unknown;
  timeNano?: unknown;
}

export class DockerEventParser {
  private readonly framer = new LineFramer(1024 * 1024);
  /** Lines that were not JSON events; counted, never fatal. */
  malformed = 0;

  push(chunk: string | Buffer): DockerEvent[] {
    return this.framer.push(chunk).flatMap((line) => this.parseLine(line));
  }

  end(): DockerEvent[] {
    const rest = this.framer.flush();
    return rest ? this.parseLine(rest) : [];
  }

  private parseLine(line: string): DockerEvent[] {
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      this.malformed++;
      return [];
    }
    const action = typeof raw.Action === 'string' ? raw.Action : typeof raw.status === 'string' ? raw.status : undefined;
    const id = typeof raw.Actor?.ID === 'string' ? raw.Actor.ID : typeof raw.id === 'string' ? raw.id : undefined;
    if (!action || !id) {
      this.malformed++;
      return [];
    }
    const attributes: Record<string, string> = {};
    if (raw.Actor?.Attributes && typeof raw.Actor.Attributes === 'object') {
      for (const [k, v] of Object.entries(raw.Actor.Attributes as Record<string, unknown>)) {
        if (typeof v === 'string') attributes[k] = v;
      }
    }
    const ev: DockerEvent = { type: typeof raw.Type === 'string' ? raw.Type : 'container', action, id, attributes };
    if (typeof raw.timeNano === 'number' || typeof raw.timeNano === 'string') ev.timeNano = String(raw.timeNano);
    if (typeof raw.time === 'number') ev.time = raw.time;
    return [ev];
  }
}

/** Actions that change what the tree shows. exec_* and attach/top/… do not. */
const RELEVANT = new Set(['create', 'start', 'restart', 'die', 'stop', 'kill', 'oom', 'destroy', 'rename', 'pause', 'unpause', 'update']);

export function isRelevant(ev: DockerEvent): boolean {
  if (ev.type !== 'container') return false;
  // "health_status: healthy" carries its value in the action.
  return RELEVANT.has(ev.action) || ev.action.startsWith('health_status');
}
