import { useEffect } from 'react';
import { findCommandForKey, type CommandContext, type DesignStore } from '../store';

/** True when keys typed now belong to a text field, not to the editor. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset'].includes(
    type,
  );
}

/** Commands whose keys are handled through the clipboard events instead (copy, paste). */
const CLIPBOARD_COMMANDS = new Set(['copy', 'paste']);

/**
 * The editor's keyboard: every binding of the command registry, on the whole page, except
 * while typing in a field or while a modal dialog or menu handles its own keys.
 */
export function useKeyboardShortcuts(store: DesignStore, ctx: CommandContext) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.target instanceof HTMLElement && event.target.closest('[role="menu"]')) return;
      const command = findCommandForKey(event);
      if (!command || CLIPBOARD_COMMANDS.has(command.id)) return;
      // Buttons answer Enter and Space themselves; a bare key on a focused button is the editor's.
      const state = store.getState();
      if (!command.isEnabled(state)) {
        // Keep the browser from acting on editor keys (Ctrl+D bookmarks, Ctrl+S saves the page).
        if (command.keys?.some((k) => k.startsWith('Mod+'))) event.preventDefault();
        return;
      }
      event.preventDefault();
      command.perform(store, ctx);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, ctx]);
}
