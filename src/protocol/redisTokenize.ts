// Splits one command line into arguments as redis-cli does (sdssplitargs):
// blanks separate; "double quotes" take \n \r \t \b \a \\ \" and \xHH escapes;
// 'single quotes' take only \'; a closing quote must be followed by a blank.
// Pure; an unbalanced line is an error with a clear message.
export class TokenizeError extends Error {}

export function tokenizeRedisLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  for (;;) {
    while (i < n && isBlank(line[i])) i++;
    if (i >= n) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const c = line[i];
      if (inDouble) {
        if (c === undefined) throw new TokenizeError('unbalanced double quotes');
        if (c === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          current += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          const e = line[++i];
          current += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isBlank(line[i + 1])) throw new TokenizeError('a closing quote must be followed by a space');
          i++;
          break;
        } else current += c;
      } else if (inSingle) {
        if (c === undefined) throw new TokenizeError('unbalanced single quotes');
        if (c === '\\' && line[i + 1] === "'") {
          current += "'";
          i++;
        } else if (c === "'") {
          if (i + 1 < n && !isBlank(line[i + 1])) throw new TokenizeError('a closing quote must be followed by a space');
          i++;
          break;
        } else current += c;
      } else {
        if (c === undefined || isBlank(c)) break;
        if (c === '"') inDouble = true;
        else if (c === "'") inSingle = true;
        else current += c;
      }
      i++;
    }
    args.push(current);
  }
}

/** What is wrong with a line typed for Run Redis Command, as it is typed; undefined when it can be sent. */
export function redisLineProblem(line: string): string | undefined {
  try {
    tokenizeRedisLine(line);
    return undefined;
  } catch (err) {
    if (err instanceof TokenizeError) return `Cannot send this yet: ${err.message}`;
    throw err;
  }
}

/** Commands that never end on their own; they belong in the interactive CLI. */
export const STREAMING_COMMANDS = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'MONITOR', 'SYNC', 'PSYNC']);

/** The line's command when it is one that streams until stopped (SUBSCRIBE, MONITOR…), in capitals. */
export function streamingCommandOf(line: string): string | undefined {
  let first: string | undefined;
  try {
    first = tokenizeRedisLine(line)[0]?.toUpperCase();
  } catch {
    return undefined;
  }
  return first !== undefined && STREAMING_COMMANDS.has(first) ? first : undefined;
}
