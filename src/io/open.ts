/**
 * Opening designs from the app: the importer (`import.ts` and the PNG and SVG readers
 * behind it) loaded on first use, so it stays out of the initial bundle (issue #5). Same
 * results as `readDesignFromFile` / `readDesignFromText`; never rejects.
 */
import type { Design, Problem, Result } from '../model/types';

type Imported = Result<Design, Problem[]>;

async function withImporter(
  read: (importer: typeof import('./import')) => Imported | Promise<Imported>,
): Promise<Imported> {
  let importer: typeof import('./import');
  try {
    importer = await import('./import');
  } catch {
    return {
      ok: false,
      error: [{ path: '', message: 'the importer could not be loaded (check the connection)' }],
    };
  }
  return read(importer);
}

/** A design from a file the person picked, dropped or pasted (see `readDesignFromFile`). */
export function openDesignFile(file: Blob & { name?: string }): Promise<Imported> {
  return withImporter((importer) => importer.readDesignFromFile(file));
}

/** A design from pasted text: design JSON or an SVG export (see `readDesignFromText`). */
export function openDesignText(text: string): Promise<Imported> {
  return withImporter((importer) => importer.readDesignFromText(text));
}
