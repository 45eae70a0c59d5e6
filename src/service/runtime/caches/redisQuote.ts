// Quotes arguments so that redis-cli's own parser (redisTokenize.ts) gives them
// back exactly: double quotes, with \" \\ \n \r \t and \xHH for other control bytes. Pure.
export function quoteRedisArg(arg: string): string {
  let out = '"';
  for (const ch of arg) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

export function quoteRedisLine(args: string[]): string {
  return args.map(quoteRedisArg).join(' ');
}
