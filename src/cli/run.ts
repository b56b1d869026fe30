/**
 * The command line (DESIGN.md §6) as a function of its arguments and its I/O, so tests run
 * it in process: `archboard check FILE… [--json]`, `--help`, `--version`.
 *
 * - Every file gets a verdict, whatever the others hold. Its type and size are checked
 *   before it is read (a directory, a FIFO, /dev/zero or a 6 GiB file is refused with one
 *   line, never opened); then the model's one parse pipeline (`parseDesign`) gives the same
 *   verdict and message as the app; then `checkDesign`.
 * - Text goes to stdout, refusals to stderr; with `--json`, one JSON document on stdout:
 *   `{ "files": [ { "file", "findings", "checklist": [ { "id", "passed" } ] } ] }`, a refused
 *   file as `{ "file", "error" }`.
 * - Exit 2 when a file was refused or the command line is wrong, else 1 when some finding
 *   is an error, else 0.
 * - Never a stack trace; control characters (and bidi overrides) in anything echoed are
 *   escaped as `\u001b`; colour only on a TTY with NO_COLOR unset.
 */
import { formatProblems, parseDesign } from '../model/parse';
import { LIMITS } from '../model/types';
import { checkDesign, summarize } from '../rules/check-design';
import type { ChecklistItem, Finding } from '../rules/types';

/** What `run` needs of a file's metadata (node's `fs.Stats` has it). */
export interface FileStat {
  isFile(): boolean;
  isDirectory(): boolean;
  size: number;
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether stdout is a terminal (colour is used only then, and only without NO_COLOR). */
  isTTY: boolean;
  /** Environment (for NO_COLOR); default: none set. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads at most `maxBytes + 1` bytes of a file (more means too large). */
  readFile?: (path: string, maxBytes: number) => Promise<Uint8Array>;
  stat?: (path: string) => Promise<FileStat>;
  /** The version `--version` prints. */
  version?: string;
}

export const USAGE = `Usage: archboard check FILE… [--json]

Checks archboard design files (format 1, as the app's Export JSON writes them) against
the rules: single points of failure per flow and per server, missing redundancy, the tier
order, replication, and the documented design (Documented design: N/7).

Options:
  --json       print one JSON document: { "files": [ { "file", "findings", "checklist" } ] }
               (a file that cannot be checked: { "file", "error" })
  -h, --help   show this help
  --version    print the version

Exit status: 0 when no finding is an error, 1 when some finding is an error,
2 when a file was refused or the command line is wrong.
`;

/** Runs the command line; resolves to the exit status. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runUnsafe(argv, io);
  } catch (error) {
    io.stderr.write(`archboard: internal error: ${escapeText(describeError(error))}\n`);
    return 2;
  }
}

interface Verdict {
  file: string;
  findings?: Finding[];
  checklist?: ChecklistItem[];
  error?: string;
}

async function runUnsafe(argv: readonly string[], io: CliIo): Promise<number> {
  const args = [...argv];
  if (args.length === 0) return usageError(io, 'no command given');
  const first = args[0]!;
  if (first === '-h' || first === '--help' || first === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${io.version ?? 'unknown'}\n`);
    return 0;
  }
  if (first !== 'check') return usageError(io, `unknown command "${escapeText(first)}"`);

  let json = false;
  const files: string[] = [];
  let optionsEnded = false;
  for (const arg of args.slice(1)) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--json') json = true;
    else if (!optionsEnded && (arg === '-h' || arg === '--help')) {
      io.stdout.write(USAGE);
      return 0;
    } else if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      return usageError(io, `unknown option "${escapeText(arg)}"`);
    } else files.push(arg);
  }
  if (files.length === 0) return usageError(io, 'no file given');

  const verdicts: Verdict[] = [];
  for (const file of files) verdicts.push(await checkFile(file, io));

  const refused = verdicts.some((v) => v.error !== undefined);
  const failing = verdicts.some((v) => v.findings?.some((f) => f.severity === 'error'));
  if (json) io.stdout.write(`${toJson(verdicts)}\n`);
  else writeText(verdicts, io);
  return refused ? 2 : failing ? 1 : 0;
}

function usageError(io: CliIo, what: string): number {
  io.stderr.write(`archboard: ${what}\n\n${USAGE}`);
  return 2;
}

async function checkFile(file: string, io: CliIo): Promise<Verdict> {
  const max = LIMITS.maxFileBytes;
  if (!io.stat || !io.readFile) return { file, error: 'cannot read files here' };
  let bytes: Uint8Array;
  try {
    const stat = await io.stat(file);
    if (stat.isDirectory()) return { file, error: 'is a directory, not a design file' };
    if (!stat.isFile())
      return { file, error: 'is not a regular file (a device, a pipe or a socket); not read' };
    if (stat.size > max) return { file, error: tooLarge(stat.size) };
    bytes = await io.readFile(file, max);
  } catch (error) {
    return { file, error: describeFsError(error) };
  }
  if (bytes.byteLength > max) return { file, error: tooLarge(bytes.byteLength) };
  const parsed = parseDesign(bytes);
  if (!parsed.ok) return { file, error: formatProblems(parsed.error) };
  const report = checkDesign(parsed.value);
  return { file, findings: report.findings, checklist: report.checklist };
}

function tooLarge(size: number): string {
  const mib = (size / (1024 * 1024)).toFixed(1);
  return `is too large (${mib} MiB); a design file is at most ${LIMITS.maxFileBytes / (1024 * 1024)} MiB`;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read it: no such file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read it: permission denied';
    case 'EISDIR':
      return 'is a directory, not a design file';
    case 'ELOOP':
      return 'cannot read it: too many symbolic links';
    case 'ENAMETOOLONG':
      return 'cannot read it: the name is too long';
    default:
      return `cannot read it (${typeof code === 'string' ? code : describeError(error)})`;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------
// Output

/**
 * Escapes what a terminal would act on: C0 and C1 controls, DEL, line and paragraph
 * separators, bidi controls, and lone surrogates, as `\uXXXX`.
 *
 * @example escapeText('a\u001b[2Jb') // 'a\\u001b[2Jb'
 */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JSON.stringify escapes C0 controls and lone surrogates; also escape C1, bidi and separators. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function toJson(verdicts: readonly Verdict[]): string {
  const files = verdicts.map((v) =>
    v.error !== undefined
      ? { file: v.file, error: v.error }
      : {
          file: v.file,
          findings: v.findings,
          checklist: v.checklist!.map((i) => ({ id: i.id, passed: i.passed })),
        },
  );
  return JSON.stringify({ files }, null, 2).replace(
    UNSAFE_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

interface Paint {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

function paintFor(io: CliIo): Paint {
  const noColor = io.env?.NO_COLOR;
  const on = io.isTTY && (noColor === undefined || noColor === '');
  const wrap = (open: number, close: number) => (s: string) =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
  };
}

function writeText(verdicts: readonly Verdict[], io: CliIo): void {
  const paint = paintFor(io);
  let errors = 0;
  let warnings = 0;
  let refused = 0;
  for (const v of verdicts) {
    const file = escapeText(v.file);
    if (v.error !== undefined) {
      refused++;
      for (const line of v.error.split('\n'))
        io.stderr.write(`archboard: ${file}: ${escapeText(line)}\n`);
      continue;
    }
    const report = { findings: v.findings!, checklist: v.checklist! };
    const summary = summarize(report);
    errors += summary.errors;
    warnings += summary.warnings;
    const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
    const lines: string[] = [`${paint.bold(file)} — ${counts}`];
    for (const f of report.findings) {
      const severity = f.severity === 'error' ? paint.red('error  ') : paint.yellow('warning');
      lines.push(`  ${severity} ${paint.bold(f.rule)}  ${escapeText(f.message)}`);
      if (f.fix)
        lines.push(
          `          ${paint.dim(`one-click fix in the app: ${escapeText(f.fix.label)}`)}`,
        );
    }
    lines.push(`  Documented design: ${summary.checklistPassed}/${summary.checklistTotal}`);
    for (const item of report.checklist) {
      const mark = item.passed ? paint.green('✓') : paint.red('✗');
      const detail = item.passed ? '' : ` — ${escapeText(item.detail)}`;
      lines.push(`    ${mark} ${item.label}${detail}`);
    }
    io.stdout.write(`${lines.join('\n')}\n\n`);
  }
  if (verdicts.length > 1) {
    const checked = verdicts.length - refused;
    const tail = refused > 0 ? `, ${refused} refused` : '';
    io.stdout.write(
      `${plural(checked, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${tail}\n`,
    );
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
