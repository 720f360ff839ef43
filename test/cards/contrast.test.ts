// Item 14: every text on every card is readable in Teams' light, dark and high-contrast
// themes. Walks every card snapshot (test/cards/__snapshots__, which cards.test.ts keeps equal to the
// builders' output), resolves each text's colour under its container style from the theme's host
// config (fixtures in host-configs/, each naming its source), and checks WCAG 2 contrast: 4.5:1, or
// 3:1 for large text (24px, or 18.66px bold).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { contrast, over, parseColor as parse, requiredContrast } from '../support/contrast';

type ColorName = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
interface HostConfig {
  fontTypes: { default: { fontSizes: Record<string, number>; fontWeights: Record<string, number> } };
  containerStyles: Record<
    string,
    { backgroundColor: string; foregroundColors: Record<ColorName, { default: string; subtle: string }> }
  >;
}
interface Text {
  card: string;
  text: string;
  style: string;
  color: ColorName;
  subtle: boolean;
  size: string;
  bold: boolean;
}

const ROOT = process.cwd();
const THEMES = ['teams-light', 'teams-dark', 'teams-high-contrast'] as const;
const hostConfig = (theme: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'cards', 'host-configs', `${theme}.json`), 'utf8')) as HostConfig;

/** Every piece of text a card shows, with the container style it sits on. */
function texts(card: string, node: unknown, style = 'default', out: Text[] = []): Text[] {
  if (Array.isArray(node)) {
    for (const item of node) texts(card, item, style, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const element = node as Record<string, unknown>;
  const here =
    typeof element.style === 'string' &&
    ['Container', 'Column', 'ColumnSet', 'AdaptiveCard'].includes(String(element.type))
      ? element.style
      : style;
  if (element.type === 'TextBlock') {
    out.push({
      card,
      text: String(element.text).slice(0, 60),
      style: here,
      color: (typeof element.color === 'string' ? element.color : 'default') as ColorName,
      subtle: element.isSubtle === true,
      size: typeof element.size === 'string' ? element.size : 'default',
      bold: element.weight === 'bolder',
    });
  }
  if (element.type === 'FactSet') {
    // Teams' host config: fact titles bold, values regular, both in the default colour.
    for (const fact of (element.facts as { title: string; value: string }[]) ?? []) {
      out.push({
        card,
        text: fact.title.slice(0, 60),
        style: here,
        color: 'default',
        subtle: false,
        size: 'default',
        bold: true,
      });
      out.push({
        card,
        text: fact.value.slice(0, 60),
        style: here,
        color: 'default',
        subtle: false,
        size: 'default',
        bold: false,
      });
    }
  }
  for (const key of ['body', 'items', 'columns']) if (key in element) texts(card, element[key], here, out);
  return out;
}

function measure(theme: HostConfig, t: Pick<Text, 'style' | 'color' | 'subtle'>): number {
  const container = theme.containerStyles[t.style] ?? theme.containerStyles.default;
  assert.ok(container, `no container style ${t.style}`);
  const page = parse(theme.containerStyles.default?.backgroundColor ?? '#ffffff');
  const background = over(parse(container.backgroundColor), page);
  const colors = container.foregroundColors[t.color];
  const foreground = over(parse(t.subtle ? colors.subtle : colors.default), background);
  return contrast(foreground, background);
}

function required(theme: HostConfig, t: Text): number {
  const px = theme.fontTypes.default.fontSizes[t.size] ?? theme.fontTypes.default.fontSizes.default ?? 14;
  return requiredContrast(px, t.bold);
}

const snapshotDir = path.join(ROOT, 'test', 'cards', '__snapshots__');
const cards = fs
  .readdirSync(snapshotDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    json: JSON.parse(fs.readFileSync(path.join(snapshotDir, f), 'utf8')) as unknown,
  }));

describe('card text contrast (WCAG AA) in Teams light, dark and high contrast', () => {
  it('measures what the review measured for the old coloured text (the computation is right)', () => {
    const light = hostConfig('teams-light');
    assert.equal(
      measure(light, { style: 'warning', color: 'warning', subtle: false }).toFixed(2),
      '1.18',
      'amber text on amber',
    );
    assert.equal(
      measure(light, { style: 'good', color: 'good', subtle: false }).toFixed(2),
      '1.85',
      'green text on green',
    );
    assert.equal(
      measure(light, { style: 'attention', color: 'attention', subtle: false }).toFixed(2),
      '3.57',
      'red confirm text on red',
    );
  });

  it('walks every card snapshot, including each notice tone and the remove confirmation', () => {
    const names = cards.map((c) => c.name);
    for (const expected of [
      'learning-notice',
      'learning-notice-good',
      'learning-notice-warning',
      'learning-notice-default',
      'learning-confirm-training',
      'welcome',
    ]) {
      assert.ok(names.includes(expected), expected);
    }
    const styles = new Set(cards.flatMap((c) => texts(c.name, c.json)).map((t) => t.style));
    for (const style of ['default', 'emphasis', 'good', 'warning', 'attention'])
      assert.ok(styles.has(style), `some text sits on a ${style} container`);
  });

  for (const themeName of THEMES) {
    it(`every text on every card reaches 4.5:1 (3:1 when large) in ${themeName}`, () => {
      const theme = hostConfig(themeName);
      const failures: string[] = [];
      let checked = 0;
      for (const { name, json } of cards) {
        for (const t of texts(name, json)) {
          checked += 1;
          const ratio = measure(theme, t);
          if (ratio < required(theme, t))
            failures.push(
              `${t.card}: "${t.text}" ${t.color}${t.subtle ? ' subtle' : ''} on ${t.style}: ${ratio.toFixed(2)}:1 < ${required(theme, t)}:1`,
            );
        }
      }
      assert.ok(checked > 50, `only ${checked} texts found`);
      assert.deepEqual(failures, []);
    });
  }
});
