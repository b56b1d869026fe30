/**
 * Where exports carry the design, shared by the exporters and the importer. A module of its
 * own so that the importer (loaded at boot) does not pull in the renderers (loaded lazily).
 */

/** The PNG text chunk keyword under which exports carry the design JSON. */
export const PNG_KEYWORD = 'archboard';

/** Element and namespace of the design embedded in an SVG export. */
export const SVG_METADATA = {
  element: 'archboard:design',
  namespace: 'urn:archboard:design',
} as const;
