// What a stack made on a fakecloud server: the server's resources carry no label of ours, so the stack remembers
// them here (in the state directory, so a reboot never makes it forget) to remove them on Down or when the file
// no longer lists them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackItemKind } from '../../protocol/stack';
import { writeFileDurably } from '../support/durableFiles';

export interface ServerMade {
  server: string;
  kind: StackItemKind;
  /** The item's name in the file. */
  name: string;
  /** The id the server gave it (an instance's i-…; a cache's or function's is its name). */
  awsId: string;
}

type Journal = Record<string, ServerMade[]>;

export class StackJournal {
  constructor(private readonly dir: string) {}

  private file(scope: string): string {
    return path.join(this.dir, `${scope}.json`);
  }

  private read(scope: string): Journal {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file(scope), 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Journal) : {};
    } catch {
      return {};
    }
  }

  made(scope: string, stack: string): ServerMade[] {
    const list = this.read(scope)[stack];
    return Array.isArray(list) ? list.filter((m) => typeof m?.server === 'string' && typeof m.awsId === 'string') : [];
  }

  private write(scope: string, stack: string, list: ServerMade[]): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const all = this.read(scope);
    if (list.length) all[stack] = list;
    else delete all[stack];
    writeFileDurably(this.file(scope), JSON.stringify(all, null, 2) + '\n');
  }

  add(scope: string, stack: string, m: ServerMade): void {
    this.write(scope, stack, [...this.made(scope, stack).filter((x) => !(x.kind === m.kind && x.name === m.name)), m]);
  }

  forget(scope: string, stack: string, kind: StackItemKind, name: string): void {
    this.write(
      scope,
      stack,
      this.made(scope, stack).filter((x) => !(x.kind === kind && x.name === name)),
    );
  }
}
