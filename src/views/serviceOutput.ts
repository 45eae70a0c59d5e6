// The "Fakecloud" log output channel: the service's log lines and the client's own.
import * as vscode from 'vscode';
import type { LogLine } from '../protocol/rpc';

export function createServiceOutput(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Fakecloud', { log: true });
}

export function writeServiceLine(channel: vscode.LogOutputChannel, line: LogLine): void {
  const text = `[service] ${line.message}`;
  switch (line.level) {
    case 'error':
      channel.error(text);
      break;
    case 'warn':
      channel.warn(text);
      break;
    case 'debug':
      channel.debug(text);
      break;
    case 'trace':
      channel.trace(text);
      break;
    default:
      channel.info(text);
  }
}
