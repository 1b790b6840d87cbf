// Telemetry must never throw into the host, so problems are reported as
// process warnings: visible on stderr by default, silenced by the host's own
// `--no-warnings`, and each kind reported at most once per process.

const WARNING_TYPE = 'FaultlineWarning';

const alreadyWarned = new Set<string>();

export function warnOnce(code: string, message: string): void {
  if (alreadyWarned.has(code)) return;
  alreadyWarned.add(code);
  try {
    process.emitWarning(message, { type: WARNING_TYPE, code });
  } catch {
    // A warning listener that throws must not turn a warning into a crash.
  }
}
