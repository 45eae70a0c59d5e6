// Line editing for a text-protocol shell (memcached): the terminal echoes what is
// typed, Backspace and Ctrl+U edit, Ctrl+C drops the line, and Enter sends the
// line with CRLF, as the protocol wants. Pure: keystrokes in, echo and lines out.
export interface EditResult {
  /** What to write to the terminal. */
  echo: string;
  /** Complete lines to send, each already ended with \r\n. */
  send: string[];
}

export class LineEditor {
  private line = '';

  input(data: string): EditResult {
    let echo = '';
    const send: string[] = [];
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        send.push(this.line + '\r\n');
        this.line = '';
        echo += '\r\n';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = [...this.line].slice(0, -1).join('');
          echo += '\b \b';
        }
      } else if (ch === '\x15') {
        // Ctrl+U: erase the line
        echo += '\b \b'.repeat([...this.line].length);
        this.line = '';
      } else if (ch === '\x03') {
        echo += '^C\r\n';
        this.line = '';
      } else if (ch === '\x1b') {
        // Escape sequences (arrows) do not edit a protocol line; drop the rest of the chunk's sequence.
        break;
      } else if (ch >= ' ') {
        this.line += ch;
        echo += ch;
      }
    }
    return { echo, send };
  }
}
