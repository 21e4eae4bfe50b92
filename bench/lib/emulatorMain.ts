/**
 * Runs an emulator in its own process, so a benchmark can measure a collector's memory apart
 * from the emulator's: `node --import tsx bench/lib/emulatorMain.ts '{"requestsPerHour": 50000}'`.
 * The argument is `AmplifyEmulatorOptions` as JSON, with `now` as a fixed ISO instant if given
 * (default: the real clock). Prints one JSON line `{"endpoint": ..., "env": {...}}` once it
 * listens; stops on SIGTERM or SIGINT.
 */
import {
  type AmplifyEmulatorOptions,
  startAmplifyEmulator,
} from '../../src/demo/emulator/AmplifyEmulator.js';

const { now, ...options } = JSON.parse(process.argv[2] ?? '{}') as Omit<AmplifyEmulatorOptions, 'now'> & {
  now?: string;
};
const fixed = now === undefined ? undefined : new Date(now);
const emulator = await startAmplifyEmulator({ ...options, ...(fixed ? { now: () => fixed } : {}) });
process.stdout.write(`${JSON.stringify({ endpoint: emulator.endpoint, env: emulator.env() })}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    emulator.stop().then(() => process.exit(0));
  });
}
