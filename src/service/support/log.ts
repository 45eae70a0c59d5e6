// The service's log: kept in a ring for clients that connect later, pushed to
// connected clients, and appended to a size-capped file.
import * as fs from 'node:fs';
import type { LogLine } from '../../protocol/rpc';

const APPEND_NOFOLLOW = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0);

export type LogListener = (line: LogLine) => void;

export class ServiceLog {
  private readonly ring: LogLine[] = [];
  private readonly listeners = new Set<LogListener>();
  private fileBytes = 0;

  constructor(
    private readonly filePath?: string,
    private readonly ringSize = 500,
    private readonly maxFileBytes = 2 * 1024 * 1024,
    private readonly echo = false,
  ) {
    if (filePath) {
      try {
        this.fileBytes = fs.statSync(filePath).size;
      } catch {
        this.fileBytes = 0;
      }
    }
  }

  onLine(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recent(): LogLine[] {
    return [...this.ring];
  }

  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  error(message: string): void {
    this.write('error', message);
  }

  private write(level: LogLine['level'], message: string): void {
    const line: LogLine = { time: Date.now(), level, message };
    this.ring.push(line);
    if (this.ring.length > this.ringSize) this.ring.shift();
    for (const l of this.listeners) l(line);
    const text = `${new Date(line.time).toISOString()} [${level}] ${message}\n`;
    if (this.echo) process.stderr.write(text);
    if (this.filePath) {
      try {
        if (this.fileBytes > this.maxFileBytes) {
          fs.renameSync(this.filePath, this.filePath + '.1');
          this.fileBytes = 0;
        }
        // Never through a link planted in its place.
        const fd = fs.openSync(this.filePath, APPEND_NOFOLLOW, 0o600);
        try {
          fs.writeSync(fd, text);
        } finally {
          fs.closeSync(fd);
        }
        this.fileBytes += Buffer.byteLength(text);
      } catch {
        // A log file we cannot write must not take the service down.
      }
    }
  }
}
