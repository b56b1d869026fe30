/**
 * The fixture files in test/fixtures: every format-1 file loads (kept forever, so an old
 * file never stops opening), and every invalid file is refused at the path it is wrong at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDesign } from './parse';
import { serializeDesign } from './serialize';
import { TEMPLATES } from './templates';

const root = join(import.meta.dirname, '../../test/fixtures');
const read = (folder: string, name: string) =>
  new Uint8Array(readFileSync(join(root, folder, name)));

describe('format 1 fixtures', () => {
  const files = readdirSync(join(root, 'v1')).filter((f) => f.endsWith('.json'));

  it.each(files)('%s loads', (name) => {
    const result = parseDesign(read('v1', name));
    expect(result.ok, result.ok ? '' : JSON.stringify(result.error)).toBe(true);
  });

  it.each(TEMPLATES.filter((t) => t.id !== 'empty').map((t) => t.id))(
    '%s.json is the template as serialized',
    (id) => {
      const template = TEMPLATES.find((t) => t.id === id)!;
      expect(readFileSync(join(root, 'v1', `${id}.json`), 'utf8')).toBe(
        serializeDesign(template.design),
      );
    },
  );

  it('the DESIGN.md example keeps its one position and lays out the rest', () => {
    const result = parseDesign(read('v1', 'design-md-example.json'));
    if (!result.ok) throw new Error('refused');
    expect(result.value.nodes.find((n) => n.id === 'web1')!.position).toEqual({ x: 400, y: 0 });
    expect(result.value.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });
});

describe('invalid fixtures', () => {
  const expected: Record<string, [path: string, text: RegExp]> = {
    'unknown-kind.json': ['nodes[3].kind', /unknown kind "lb"/],
    'newer-version.json': ['version', /made by a newer version of archboard \(version 2\)/],
    'dangling-edge.json': ['edges[0].target', /no component or cluster has the id "ghost"/],
    'truncated.txt': ['', /not valid JSON: unexpected end of input at line 2, column 1/],
    'excalidraw.json': ['', /looks like an Excalidraw file/],
    'infinite-coordinate.json': ['nodes[0].position.x', /expected a finite number/],
    'not-json.txt': ['', /not an archboard design file: it is not JSON/],
    'empty.json': ['', /not an archboard design file: the file is empty/],
  };

  it('has an expectation for every file', () => {
    const files = readdirSync(join(root, 'invalid')).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s is refused at its path', (name, [path, text]) => {
    const result = parseDesign(read('invalid', name));
    if (result.ok) throw new Error('accepted');
    expect(result.error[0]!.path).toBe(path);
    expect(result.error[0]!.message).toMatch(text);
  });
});
