import type { Output } from './context.js';

/**
 * A one-line progress bar on a terminal (`[#####.....] 12/30 windows`), redrawn in place. On
 * anything that is not a terminal it draws nothing, so logs and pipes stay clean.
 */
export function progressBar(
  output: Output,
  label: string,
): { update(done: number, total: number): void; end(): void } {
  if (!output.isTTY) return { update() {}, end() {} };
  let drawn = false;
  return {
    update(done, total) {
      const width = Math.max(10, Math.min(40, (output.columns ?? 80) - label.length - 20));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      output.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
      drawn = true;
    },
    end() {
      if (drawn) output.write('\n');
    },
  };
}
