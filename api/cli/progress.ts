/**
 * A progress line for long commands: redrawn in place on a terminal (at most ten times a second,
 * and at the end), one line per tenth of the work otherwise (CI logs stay short). The line is only
 * formatted when it is written: callers update once per batch, and a fast one (the log monitor
 * reads a bundle of 256 entries in well under a millisecond) would otherwise spend more on
 * formatting numbers than on its work.
 */
/** 1234567 → "1,234,567": toLocaleString would load the ICU locale data for one progress line. */
const grouped = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDecile = -1;
  let lastDrawn = -Infinity;
  const lineOf = (done: number, total: number, note: string, now: number): string => {
    const fraction = total === 0 ? 1 : done / total;
    const elapsed = (now - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    return (
      `${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${grouped(done)}/${grouped(total)}` +
      ` ${grouped(rate)}/s ETA ${eta}s${note ? ` ${note}` : ''}`
    );
  };
  return {
    update(done: number, total: number, note = ''): void {
      const now = performance.now();
      const finished = done >= total;
      if (stream.isTTY) {
        if (!finished && now - lastDrawn < 100) return;
        lastDrawn = now;
        stream.write(`\r${lineOf(done, total, note, now)}\x1b[K`);
        if (finished) stream.write('\n');
        return;
      }
      const decile = Math.floor((total === 0 ? 1 : done / total) * 10);
      if (decile !== lastDecile || finished) {
        lastDecile = decile;
        stream.write(`${lineOf(done, total, note, now)}\n`);
      }
    },
  };
}
