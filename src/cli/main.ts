/**
 * The node entry of the command line (bin/archboard.mjs imports it): wires `run` to the
 * process's streams and file system.
 */
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { run } from './run';

/** Runs `archboard` with these arguments (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  // A closed pipe (`archboard check … | head`) must not crash with a stack trace.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  try {
    return await run(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      isTTY: process.stdout.isTTY === true,
      env: process.env,
      stat: (path) => stat(path),
      readFile: readCapped,
      version: readVersion(),
    });
  } catch {
    return 2;
  }
}

/** Reads at most `maxBytes + 1` bytes, so a file that grew after `stat` is still caught. */
async function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function readVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
