// A function's invocations as its log tells them: each START … REPORT is one, the REPORT gives its duration (and
// "Init Duration" when it was a cold start), an ERROR line of its request id makes it an error. Log text comes in
// chunks that can split a line; this keeps the part line until the rest arrives. Pure.

export interface Tally {
  invocations: number;
  errors: number;
  coldStarts: number;
  /** Durations of the invocations reported, in ms. */
  durations: number[];
}

export class LambdaLogTally {
  private partial = '';
  private tally: Tally = { invocations: 0, errors: 0, coldStarts: 0, durations: [] };
  /** Whether an invocation has been seen in this container's log: the first one that is not is a cold start. */
  private warm: boolean;
  /** Whether the invocation under way was counted as a cold start. */
  private cold = false;

  /** `warm`: the container had run an invocation before the log was followed. */
  constructor(warm: boolean) {
    this.warm = warm;
  }

  feed(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) this.line(raw.replace(/\r$/, ''));
  }

  private line(l: string): void {
    if (/^START RequestId: /.test(l)) {
      this.tally.invocations++;
      this.cold = !this.warm;
      if (this.cold) this.tally.coldStarts++;
      this.warm = true;
      return;
    }
    const report = /^REPORT RequestId: \S+\s+Duration: ([0-9.]+) ms/.exec(l);
    if (report) {
      this.tally.durations.push(Number(report[1]));
      // The real runtimes say so themselves: counted once, whichever told it first.
      if (/Init Duration: /.test(l) && !this.cold) {
        this.tally.coldStarts++;
        this.cold = true;
      }
      return;
    }
    // The runtimes' error lines: "<time>\t<request id>\tERROR\t…", or the RIE's own "… Invoke Error".
    if (/\tERROR\t/.test(l) || /^\S+\s+\S+\s+ERROR\s+Invoke Error/.test(l)) this.tally.errors++;
  }

  /** What was seen since the last take. */
  take(): Tally {
    const t = this.tally;
    this.tally = { invocations: 0, errors: 0, coldStarts: 0, durations: [] };
    return t;
  }
}

/** Durations of the last `windowMs`, kept to give rolling percentiles. */
export class DurationWindow {
  private readonly items: { t: number; ms: number }[] = [];

  constructor(private readonly windowMs: number) {}

  add(t: number, durations: number[]): void {
    for (const ms of durations) this.items.push({ t, ms });
    this.trim(t);
  }

  values(now: number): number[] {
    this.trim(now);
    return this.items.map((i) => i.ms);
  }

  private trim(now: number): void {
    while (this.items.length > 0 && this.items[0].t <= now - this.windowMs) this.items.shift();
  }
}
