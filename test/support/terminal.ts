// What a terminal emulator does for a program on a TTY that a test must do
// itself: collect the output, and answer a cursor-position query (ESC[6n) as
// xterm would — redis-cli asks when it reads the window size before the TTY
// has one, and waits for the answer before it shows its prompt.
import type { ServiceClient } from '../../src/client/serviceClient';

export interface TerminalOutput {
  text(): string;
  dispose(): void;
}

/** Subscribe before opening the session: the query comes first. */
export function actLikeATerminal(c: ServiceClient, sessionId: string, onData?: () => void): TerminalOutput {
  let out = '';
  const sub = c.on('terminal/output', (p) => {
    if (p.sessionId !== sessionId) return;
    out += p.data;
    if (p.data.includes('\x1b[6n')) c.notify('terminal/input', { sessionId, data: '\x1b[1;1R' });
    onData?.();
  });
  return { text: () => out, dispose: () => sub.dispose() };
}
