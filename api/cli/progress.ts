/**
 * A progress line for long commands: redrawn in place on a terminal, one line per tenth of the
 * work otherwise (CI logs stay short).
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDecile = -1;
  return {
    update(done: number, total: number, note = ''): void {
      const fraction = total === 0 ? 1 : done / total;
      const elapsed = (performance.now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      const width = 24;
      const filled = Math.round(fraction * width);
      const line =
        `${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}` +
        ` ${Math.round(rate).toLocaleString('en')}/s ETA ${eta}s${note ? ` ${note}` : ''}`;
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        if (done >= total) stream.write('\n');
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile || done >= total) {
        lastDecile = decile;
        stream.write(`${line}\n`);
      }
    },
  };
}
