// A memcached key as typed, checked as memcached checks it (at most 250 bytes, no spaces or control characters).
import * as vscode from 'vscode';
import { memcachedKeyProblem } from '../../protocol/memcached';

export function keyInput(title: string, value = ''): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, value, placeHolder: 'session:42', validateInput: memcachedKeyProblem });
}
