/**
 * Named crash points for fault-injection tests. When `AMPLIFY_LOGS_FAILPOINT` is `name` (or
 * `name:n`, the n-th time the point is reached), the process kills itself with SIGKILL there,
 * as a power cut or an OOM kill would: no cleanup, no finally blocks. Unset, it costs nothing.
 */
const setting = process.env.AMPLIFY_LOGS_FAILPOINT;
const [target, nth] = setting ? setting.split(':') : [];
let hits = 0;

export function failpoint(name: string): void {
  if (target !== name) return;
  hits++;
  if (hits >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
