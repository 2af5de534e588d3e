const started = performance.now();

/** A progress line on stderr (the table goes to stdout). */
export function progress(message: string): void {
  process.stderr.write(
    `[bench:collab +${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`,
  );
}
