import { describe, expect, it, vi } from 'vitest';
import { getTemplate } from '../model/templates';
import { NODE_SIZE } from '../model/catalogue';
import {
  COMMANDS,
  PALETTE,
  findCommandForKey,
  formatKey,
  getCommand,
  matchesKey,
  runCommand,
  type CommandContext,
  type KeyStroke,
} from './commands';
import { createDesignStore } from './create-store';

function ctx(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    viewCenter: () => ({ x: 500, y: 500 }),
    fitView: vi.fn(),
    openImport: vi.fn(),
    exportJson: vi.fn(),
    exportPng: vi.fn(),
    exportSvg: vi.fn(),
    ...overrides,
  };
}

function key(k: string, mods: Partial<KeyStroke> = {}): KeyStroke {
  return { key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods };
}

describe('key bindings', () => {
  it('matches Mod with Ctrl or Cmd, and insists on Shift for letters', () => {
    expect(matchesKey('Mod+Z', key('z', { ctrlKey: true }))).toBe(true);
    expect(matchesKey('Mod+Z', key('z', { metaKey: true }))).toBe(true);
    expect(matchesKey('Mod+Z', key('z'))).toBe(false);
    expect(matchesKey('Mod+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matchesKey('Mod+Shift+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
  });

  it('matches by physical key when the layout changes the character', () => {
    expect(matchesKey('Mod+Z', { ...key('я', { ctrlKey: true }), code: 'KeyZ' })).toBe(true);
    expect(matchesKey('1', { ...key('&'), code: 'Digit1' })).toBe(true);
  });

  it('does not insist on Shift for punctuation such as ?', () => {
    expect(matchesKey('?', key('?', { shiftKey: true }))).toBe(true);
  });

  it('finds the editor commands of DESIGN.md §5', () => {
    const id = (k: string, mods: Partial<KeyStroke> = {}) => findCommandForKey(key(k, mods))?.id;
    expect(id('Delete')).toBe('delete');
    expect(id('Backspace')).toBe('delete');
    expect(id('z', { ctrlKey: true })).toBe('undo');
    expect(id('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(id('y', { ctrlKey: true })).toBe('redo');
    expect(id('Escape')).toBe('clear-selection');
    expect(id('a', { ctrlKey: true })).toBe('select-all');
    expect(id('d', { ctrlKey: true })).toBe('duplicate');
    expect(id('g', { ctrlKey: true })).toBe('group');
    expect(id('f')).toBe('fit-view');
    expect(id('1')).toBe('add-user');
    expect(id('7')).toBe('add-database-replica');
    expect(id('q')).toBeUndefined();
  });

  it('no two commands share a binding', () => {
    const all = COMMANDS.flatMap((c) => c.keys ?? []);
    expect(new Set(all).size).toBe(all.length);
  });

  it('formats bindings for people', () => {
    expect(formatKey('Mod+Shift+Z')).toBe('Ctrl+Shift+Z');
    expect(formatKey('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });
});

describe('commands', () => {
  it('the palette has the six kinds and the replica shortcut, keys 1–7', () => {
    expect(PALETTE.map((p) => p.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(PALETTE.at(-1)).toMatchObject({ kind: 'database', role: 'replica' });
    expect(getCommand('add-dns').label).toBe('Add DNS');
  });

  it('adds a component centred in view, then the next one beside it', () => {
    const store = createDesignStore();
    runCommand('add-web-server', store, ctx());
    runCommand('add-web-server', store, ctx());
    const [a, b] = store.getState().design.nodes;
    const snap = (v: number) => Math.round(v / 16) * 16;
    expect(a?.position).toEqual({
      x: snap(500 - NODE_SIZE.width / 2),
      y: snap(500 - NODE_SIZE.height / 2),
    });
    expect(b && a && (b.position.x !== a.position.x || b.position.y !== a.position.y)).toBe(true);
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('does not run a disabled command', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    expect(runCommand('undo', store, ctx())).toBe(false);
    expect(runCommand('delete', store, ctx())).toBe(false);
    expect(runCommand('group', store, ctx())).toBe(false);
  });

  it('deletes, undoes and redoes through the registry', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    store.getState().setSelection({ nodes: ['web1'] });
    expect(runCommand('delete', store, ctx())).toBe(true);
    expect(store.getState().design.nodes.some((n) => n.id === 'web1')).toBe(false);
    runCommand('undo', store, ctx());
    expect(store.getState().design.nodes.some((n) => n.id === 'web1')).toBe(true);
    runCommand('redo', store, ctx());
    expect(store.getState().design.nodes.some((n) => n.id === 'web1')).toBe(false);
  });

  it('groups two selected web servers and ungroups them', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    store.getState().setSelection({ nodes: ['web1', 'web2'] });
    runCommand('group', store, ctx());
    const cluster = store.getState().selection.clusters[0]!;
    expect(store.getState().design.nodes.filter((n) => n.cluster === cluster)).toHaveLength(2);
    runCommand('ungroup', store, ctx());
    expect(store.getState().design.clusters.some((c) => c.id === cluster)).toBe(false);
  });

  it('copy and paste through the registry; paste is disabled with an empty clipboard', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    expect(runCommand('paste', store, ctx())).toBe(false);
    store.getState().setSelection({ nodes: ['app1'] });
    runCommand('copy', store, ctx());
    runCommand('paste', store, ctx());
    expect(store.getState().design.nodes).toHaveLength(11);
  });

  it('hands file and view commands to the context', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    const c = ctx();
    for (const id of ['fit-view', 'import', 'export-json', 'export-png', 'export-svg'])
      runCommand(id, store, c);
    expect(c.fitView).toHaveBeenCalledTimes(1);
    expect(c.openImport).toHaveBeenCalledTimes(1);
    expect(c.exportJson).toHaveBeenCalledTimes(1);
    expect(c.exportPng).toHaveBeenCalledTimes(1);
    expect(c.exportSvg).toHaveBeenCalledTimes(1);
  });

  it('toggles the theme, snapping and the help dialog', () => {
    const store = createDesignStore();
    runCommand('toggle-theme', store, ctx());
    runCommand('toggle-snap', store, ctx());
    runCommand('help', store, ctx());
    expect(store.getState().ui).toMatchObject({ theme: 'dark', snapToGrid: false, dialog: 'help' });
  });

  it('select all, then Escape clears the selection', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    runCommand('select-all', store, ctx());
    expect(store.getState().selection.nodes).toHaveLength(10);
    runCommand('clear-selection', store, ctx());
    expect(store.getState().selection.nodes).toHaveLength(0);
  });
});
