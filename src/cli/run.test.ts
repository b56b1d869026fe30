import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { serializeDesign } from '../model/serialize';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { type CliIo, escapeText, type FileStat, run } from './run';

interface FakeFile {
  bytes?: Uint8Array;
  kind?: 'file' | 'dir' | 'fifo';
  size?: number;
}

/** An in-memory file system and captured streams. */
function fakeIo(files: Record<string, FakeFile>, extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const reads: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    isTTY: false,
    env: {},
    version: '9.9.9',
    stat: async (path): Promise<FileStat> => {
      const f = files[path];
      if (!f) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      const kind = f.kind ?? 'file';
      return {
        isFile: () => kind === 'file',
        isDirectory: () => kind === 'dir',
        size: f.size ?? f.bytes?.byteLength ?? 0,
      };
    },
    readFile: async (path, max) => {
      reads.push(path);
      const f = files[path];
      if (!f?.bytes) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      return f.bytes.subarray(0, max + 1);
    },
    ...extra,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), reads };
}

const text = (s: string) => new TextEncoder().encode(s);
const file = (d: Design): FakeFile => ({ bytes: text(serializeDesign(d)) });
const template = (id: Parameters<typeof getTemplate>[0]) => file(getTemplate(id)!);

describe('archboard check (text)', () => {
  it('prints the findings and the checklist, and exits 0 when no finding is an error', async () => {
    const { io, out, err } = fakeIo({ 'scale-up.json': template('scale-up') });
    expect(await run(['check', 'scale-up.json'], io)).toBe(0);
    expect(out()).toContain('scale-up.json — 0 errors, 1 warning');
    expect(out()).toContain('warning db-single-writer  MySQL primary is the only database');
    expect(out()).toContain('Documented design: 7/7');
    expect(err()).toBe('');
    expect(out()).not.toContain('\u001b');
  });

  it('exits 1 when some finding is an error, and says what is missing from the checklist', async () => {
    const { io, out } = fakeIo({ 'simple.json': template('simple-stack') });
    expect(await run(['check', 'simple.json'], io)).toBe(1);
    expect(out()).toContain('error   spof  Nginx is a single point of failure');
    expect(out()).toContain('✗ Load-balancer cluster — No load balancer');
    expect(out()).toContain('Documented design: 1/7');
  });

  it('gives every file a verdict, refusals on stderr, and exits 2 when one was refused', async () => {
    const { io, out, err } = fakeIo({
      'ok.json': template('scale-up'),
      'bad.json': {
        bytes: text(
          '{"format":"archboard","version":1,"nodes":[{"id":"a","kind":"lb"}],"edges":[]}',
        ),
      },
    });
    expect(await run(['check', 'bad.json', 'ok.json', 'missing.json'], io)).toBe(2);
    expect(err()).toBe(
      'archboard: bad.json: nodes[0].kind: unknown kind "lb"; expected one of user, dns, load-balancer, web-server, app-server, database\n' +
        'archboard: missing.json: cannot read it: no such file\n',
    );
    expect(out()).toContain('ok.json — 0 errors, 1 warning');
    expect(out()).toContain('1 file checked: 0 errors, 1 warning, 2 refused');
  });

  it('refuses directories, pipes, devices and files over 5 MiB before reading them', async () => {
    const { io, err, reads } = fakeIo({
      dir: { kind: 'dir' },
      fifo: { kind: 'fifo' },
      '/dev/zero': { kind: 'fifo', size: 0 },
      'big.json': { size: 6 * 1024 * 1024, bytes: new Uint8Array(10) },
    });
    expect(await run(['check', 'dir', 'fifo', '/dev/zero', 'big.json'], io)).toBe(2);
    expect(reads).toEqual([]);
    const lines = err().trimEnd().split('\n');
    expect(lines).toEqual([
      'archboard: dir: is a directory, not a design file',
      'archboard: fifo: is not a regular file (a device, a pipe or a socket); not read',
      'archboard: /dev/zero: is not a regular file (a device, a pipe or a socket); not read',
      'archboard: big.json: is too large (6.0 MiB); a design file is at most 5 MiB',
    ]);
  });

  it('refuses a file that grew past 5 MiB between stat and read', async () => {
    const { io, err } = fakeIo({
      'grow.json': { size: 10, bytes: new Uint8Array(5 * 1024 * 1024 + 7) },
    });
    expect(await run(['check', 'grow.json'], io)).toBe(2);
    expect(err()).toContain('is too large');
  });

  it('escapes control characters in labels and paths', async () => {
    const d = getTemplate('simple-stack')!;
    d.nodes[2]!.label = 'Nginx\u001b[2J\u202Eevil';
    const { io, out, err } = fakeIo({
      'a\u001b]0;x\u0007.json': file(d),
      'b\u001b.json': { kind: 'dir' },
    });
    await run(['check', 'a\u001b]0;x\u0007.json', 'b\u001b.json'], io);
    expect(out()).toContain('Nginx\\u001b[2J\\u202eevil is a single point of failure');
    expect(out()).toContain('a\\u001b]0;x\\u0007.json');
    expect(err()).toContain('b\\u001b.json');
    // eslint-disable-next-line no-control-regex -- looking for raw control characters
    expect(out() + err()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
  });

  it('uses colour only on a terminal without NO_COLOR', async () => {
    const files = { 's.json': template('simple-stack') };
    const tty = fakeIo(files, { isTTY: true });
    await run(['check', 's.json'], tty.io);
    expect(tty.out()).toContain('\u001b[31merror');
    const noColor = fakeIo(files, { isTTY: true, env: { NO_COLOR: '1' } });
    await run(['check', 's.json'], noColor.io);
    expect(noColor.out()).not.toContain('\u001b');
    const pipe = fakeIo(files, { isTTY: false });
    await run(['check', 's.json'], pipe.io);
    expect(pipe.out()).not.toContain('\u001b');
  });
});

describe('archboard check --json', () => {
  it('prints exactly { files: [ { file, findings, checklist: [ { id, passed } ] } ] }, errors as { file, error }', async () => {
    const { io, out, err } = fakeIo({
      'd.json': template('distributed'),
      'bad.json': {
        bytes: text(
          '{"format":"archboard","version":1,"nodes":[],"edges":[{"source":"x","target":"y"}]}',
        ),
      },
    });
    expect(await run(['check', '--json', 'd.json', 'bad.json'], io)).toBe(2);
    expect(err()).toBe('');
    const doc = JSON.parse(out()) as { files: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(['files']);
    const [ok, bad] = doc.files;
    expect(Object.keys(ok!)).toEqual(['file', 'findings', 'checklist']);
    expect(ok!.file).toBe('d.json');
    expect((ok!.findings as Array<{ rule: string }>).map((f) => f.rule)).toEqual([
      'spof',
      'db-single-writer',
      'server-spof',
      'colocated-tiers',
      'colocated-tiers',
    ]);
    expect(ok!.checklist).toEqual([
      { id: 'lb-cluster', passed: false },
      { id: 'web-tier', passed: true },
      { id: 'app-tier', passed: true },
      { id: 'db-primary', passed: true },
      { id: 'db-replicas', passed: true },
      { id: 'request-flow', passed: true },
      { id: 'no-spof', passed: false },
    ]);
    expect(bad).toEqual({
      file: 'bad.json',
      error: expect.stringMatching(/^edges\[0\]\.source: /),
    });
  });

  it('exits 1 on an error finding and 0 without, in JSON mode too', async () => {
    const { io } = fakeIo({ 's.json': template('simple-stack'), 'u.json': template('scale-up') });
    expect(await run(['check', 's.json', '--json'], io)).toBe(1);
    expect(await run(['check', 'u.json', '--json'], io)).toBe(0);
  });

  it('keeps the JSON valid and free of raw terminal controls when labels hold them', async () => {
    const d = getTemplate('scale-up')!;
    d.nodes[8]!.label = 'DB\u001b[31m\u0085\u202E';
    const { io, out } = fakeIo({ 'x.json': file(d) });
    await run(['check', 'x.json', '--json'], io);
    // eslint-disable-next-line no-control-regex -- looking for raw control characters
    expect(out()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u0085\u202e]/);
    const doc = JSON.parse(out()) as { files: Array<{ findings: Array<{ message: string }> }> };
    expect(doc.files[0]!.findings[0]!.message).toContain('DB\u001b[31m\u0085\u202E');
  });
});

describe('archboard command line', () => {
  it('prints help and the version', async () => {
    const help = fakeIo({});
    expect(await run(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: archboard check FILE… [--json]');
    const version = fakeIo({});
    expect(await run(['--version'], version.io)).toBe(0);
    expect(version.out()).toBe('9.9.9\n');
  });

  it.each([
    [[], 'no command given'],
    [['lint', 'a.json'], 'unknown command "lint"'],
    [['check'], 'no file given'],
    [['check', '--yaml', 'a.json'], 'unknown option "--yaml"'],
    [['check', '--json'], 'no file given'],
  ])('exits 2 on a wrong command line: %j', async (argv, message) => {
    const { io, err, out } = fakeIo({});
    expect(await run(argv, io)).toBe(2);
    expect(err()).toContain(`archboard: ${message}`);
    expect(out()).toBe('');
  });

  it('reads a file named like an option after --', async () => {
    const { io, out } = fakeIo({ '--json': template('scale-up') });
    expect(await run(['check', '--', '--json'], io)).toBe(0);
    expect(out()).toContain('--json — 0 errors');
  });

  it('never lets an exception out: a failing file system becomes a one-line verdict', async () => {
    const { io, err } = fakeIo(
      {},
      {
        stat: () => {
          throw new TypeError('boom');
        },
      },
    );
    expect(await run(['check', 'a.json'], io)).toBe(2);
    expect(err()).toBe('archboard: a.json: cannot read it (boom)\n');
  });

  it('never prints a stack trace, even when writing fails', async () => {
    const write = vi.fn(() => {
      throw new Error('EPIPE');
    });
    const { io } = fakeIo(
      { 'u.json': template('scale-up') },
      { stdout: { write }, stderr: { write: () => {} } },
    );
    expect(await run(['check', 'u.json'], io)).toBe(2);
  });
});

describe('archboard on the real file system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archboard-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a FIFO without opening it (which would block)', async () => {
    const fifo = join(dir, 'pipe.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo on this system
    }
    const { io, err } = fakeIo({}, { stat: (p) => stat(p) });
    expect(await run(['check', fifo, '/dev/zero', dir], io)).toBe(2);
    expect(err()).toContain('pipe.json: is not a regular file');
    expect(err()).toContain('/dev/zero: is not a regular file');
    expect(err()).toContain(': is a directory');
  });

  it('runs as `node bin/archboard.mjs check FILE --json`', async () => {
    const path = join(dir, 'scale up.json');
    writeFileSync(path, serializeDesign(getTemplate('scale-up')!));
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['bin/archboard.mjs', 'check', path, join(dir, 'sub'), '--json'],
        { cwd: process.cwd(), timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    expect(stderr).toBe('');
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as { files: Array<Record<string, unknown>> };
    expect(doc.files[0]!.file).toBe(path);
    expect((doc.files[0]!.findings as unknown[]).length).toBe(1);
    expect(doc.files[1]).toEqual({
      file: join(dir, 'sub'),
      error: 'is a directory, not a design file',
    });
  });
});

describe('escapeText', () => {
  it('escapes controls, bidi overrides and lone surrogates, and keeps the rest', () => {
    expect(escapeText('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(escapeText('x\u202Ey\u0085z\n')).toBe('x\\u202ey\\u0085z\\u000a');
    expect(escapeText('\uD800!')).toBe('\\ud800!');
    expect(escapeText('Nginx 1 — 👩‍👩‍👧 é')).toBe('Nginx 1 — 👩‍👩‍👧 é');
  });
});
