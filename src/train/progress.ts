// Progress report for long loops (training epochs, dataset generation).
//
// On a terminal (stream.isTTY) one line is redrawn in place with "\r" (at most every 100 ms):
//   train [##########..........] 21/42  50%  0:12 ETA 0:12  loss 3.1e-4
// Anywhere else (a log file, CI, the browser console) plain lines are written every `everyLines`
// ticks (default: every 10 % of the total) or after `everySeconds` (default 30 s), whichever first:
//   train 21/42 (50%) elapsed 0:12 ETA 0:12 loss 3.1e-4
// Browser-safe: the stream is passed in (default: process.stderr where it exists, else console.log).

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export interface ProgressOptions {
  label: string;
  stream?: ProgressStream;
  /** Plain-line mode: write a line every this many ticks (default ⌈total / 10⌉). */
  everyLines?: number;
  /** Plain-line mode: also write a line when this many seconds passed since the last one (default 30). */
  everySeconds?: number;
  /** Bar width in characters on a terminal (default 20). */
  width?: number;
  /** Clock in milliseconds (default Date.now); tests pass their own. */
  now?: () => number;
}

const REDRAW_MS = 100;

export class Progress {
  private readonly total: number;
  private readonly label: string;
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly everyLines: number;
  private readonly everyMs: number;
  private readonly width: number;
  private readonly now: () => number;
  private readonly start: number;
  private count = 0;
  private lastLineCount = 0;
  private lastWrite: number;
  private finished = false;

  constructor(total: number, options: ProgressOptions) {
    if (!(Number.isFinite(total) && total >= 0)) throw new Error(`Progress: total must be a number ≥ 0, got ${total}`);
    this.total = total;
    this.label = options.label;
    this.stream = options.stream ?? defaultStream();
    this.tty = this.stream.isTTY === true;
    this.everyLines = Math.max(1, options.everyLines ?? Math.ceil(total / 10));
    this.everyMs = 1000 * (options.everySeconds ?? 30);
    this.width = options.width ?? 20;
    this.now = options.now ?? Date.now;
    this.start = this.now();
    this.lastWrite = this.start;
  }

  /** Count n more units done; `message` (e.g. the current loss) is shown after the numbers. */
  tick(n = 1, message?: string): void {
    if (this.finished) return;
    this.count += n;
    const t = this.now();
    if (this.tty) {
      if (t - this.lastWrite >= REDRAW_MS || this.count >= this.total) this.redraw(t, message);
    } else if (this.count - this.lastLineCount >= this.everyLines || t - this.lastWrite >= this.everyMs) {
      this.plainLine(t, message);
    }
  }

  /** Finish: the final state and the total time, then a newline. Later ticks are ignored. */
  done(message?: string): void {
    if (this.finished) return;
    this.finished = true;
    const t = this.now();
    const tail = `done in ${formatDuration(t - this.start)}${message ? `  ${message}` : ""}`;
    if (this.tty) this.stream.write(`\r${this.barText()}  ${tail}\x1b[K\n`);
    else this.stream.write(`${this.label} ${this.count}/${this.total} ${tail}\n`);
  }

  private redraw(t: number, message?: string): void {
    this.lastWrite = t;
    this.stream.write(`\r${this.barText()}  ${this.timeText(t)}${message ? `  ${message}` : ""}\x1b[K`);
  }

  private plainLine(t: number, message?: string): void {
    this.lastWrite = t;
    this.lastLineCount = this.count;
    const pct = Math.floor(100 * this.fraction());
    this.stream.write(`${this.label} ${this.count}/${this.total} (${pct}%) elapsed ${this.timeText(t)}${message ? ` ${message}` : ""}\n`);
  }

  private fraction(): number {
    return this.total === 0 ? 1 : Math.min(1, this.count / this.total);
  }

  private barText(): string {
    const full = Math.round(this.width * this.fraction());
    const pct = `${Math.floor(100 * this.fraction())}%`.padStart(4);
    return `${this.label} [${"#".repeat(full)}${".".repeat(this.width - full)}] ${this.count}/${this.total} ${pct}`;
  }

  /** "elapsed ETA remaining", remaining = elapsed / done × (total − done). */
  private timeText(t: number): string {
    const elapsed = t - this.start;
    const left = this.count > 0 ? (elapsed / this.count) * Math.max(0, this.total - this.count) : NaN;
    return `${formatDuration(elapsed)} ETA ${Number.isFinite(left) ? formatDuration(left) : "?"}`;
  }
}

/** m:ss below an hour, h:mm:ss above. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const two = (x: number) => String(x).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

function defaultStream(): ProgressStream {
  const proc = (globalThis as { process?: { stderr?: ProgressStream } }).process;
  if (proc?.stderr) return proc.stderr;
  return { isTTY: false, write: (s: string) => console.log(s.replace(/\n$/, "")) };
}
