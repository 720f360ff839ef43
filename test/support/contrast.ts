// WCAG 2 contrast for the card-contrast tests: colours as Adaptive Cards host configs
// write them (#RRGGBB, or #AARRGGBB with alpha first) or as browsers report them (rgb()/rgba()).
export type Rgba = [number, number, number, number];

export function parseColor(value: string): Rgba {
  const css = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)$/.exec(value.trim());
  if (css) return [Number(css[1]), Number(css[2]), Number(css[3]), css[4] === undefined ? 1 : Number(css[4])];
  const h = value.replace('#', '');
  if (h.length === 6) return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
  if (h.length === 8)
    return [
      parseInt(h.slice(2, 4), 16),
      parseInt(h.slice(4, 6), 16),
      parseInt(h.slice(6, 8), 16),
      parseInt(h.slice(0, 2), 16) / 255,
    ];
  throw new Error(`not a colour: ${value}`);
}

/** `top` painted over an opaque `below`. */
export function over(top: Rgba, below: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The WCAG contrast ratio of two opaque colours, 1 to 21. */
export function contrast(foreground: Rgba, background: Rgba): number {
  const [l1, l2] = [luminance(foreground), luminance(background)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

/** WCAG AA: 3:1 for large text (24px, or 18.66px bold), 4.5:1 otherwise. */
export function requiredContrast(px: number, bold: boolean): number {
  return px >= 24 || (bold && px >= 18.66) ? 3 : 4.5;
}
