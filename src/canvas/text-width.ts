/**
 * Text widths as the browser lays them out in the theme's font, measured on a 2D canvas and
 * cached per font and text. Without a 2D canvas (tests), a safe over-estimate from the length.
 */
let measureContext: CanvasRenderingContext2D | null | undefined;
let fontFamily: string | undefined;
const widths = new Map<string, number>();
const MAX_CACHED = 20_000;

export interface TextFont {
  size: number;
  weight: number;
  italic?: boolean;
}

export function textWidth(text: string, font: TextFont): number {
  const css = `${font.italic ? 'italic ' : ''}${font.weight} ${font.size}px`;
  const key = `${css}\u0000${text}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  if (measureContext === undefined) {
    try {
      measureContext = document.createElement('canvas').getContext('2d');
      fontFamily =
        getComputedStyle(document.body).fontFamily ||
        getComputedStyle(document.documentElement).getPropertyValue('--ab-font').trim() ||
        'sans-serif';
    } catch {
      measureContext = null;
    }
  }
  let width: number;
  if (measureContext) {
    measureContext.font = `${css} ${fontFamily}`;
    width = measureContext.measureText(text).width;
  } else {
    width = [...text].length * font.size * 0.62;
  }
  // Room for every label and caption of a large design (2,000 components, their edges and
  // kind lines): a smaller cache would be cleared and refilled over and over while zooming.
  if (widths.size > MAX_CACHED) widths.clear();
  widths.set(key, width);
  return width;
}
