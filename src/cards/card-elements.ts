// The one card model: typed Adaptive Card elements and small builders for every card Partner Link
// sends (schema 1.5, as Teams supports). Every Action.Execute is built from a CardAction, so a card
// cannot emit a payload the parser would reject.
import type { CardAction } from './card-actions';

export type Color = 'default' | 'good' | 'warning' | 'attention' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'small' | 'medium' | 'large';
  weight?: 'bolder';
  color?: Color;
  isSubtle?: boolean;
  spacing?: 'none' | 'small' | 'medium' | 'large';
  separator?: boolean;
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: CardAction['verb'];
  data: CardAction;
  style?: 'positive' | 'destructive';
  /** Which inputs' values go with the press: 'auto' sends the card's inputs (the team card's filter). */
  associatedInputs?: 'auto' | 'none';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type Action = ExecuteAction | OpenUrlAction | ShowCardAction;

export interface ActionSet {
  type: 'ActionSet';
  actions: Action[];
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Container {
  type: 'Container';
  items: Element[];
  style?: 'default' | 'emphasis' | 'good' | 'warning' | 'attention' | 'accent';
  spacing?: 'none' | 'small' | 'medium' | 'large';
  separator?: boolean;
}

/** A one-line text input; Action.Execute buttons send its value under `id` in their data. */
export interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
}

/** A dropdown (style 'compact'); Action.Execute buttons with associatedInputs 'auto' send its value under `id`. */
export interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  style?: 'compact' | 'expanded';
  isMultiSelect?: boolean;
  value?: string;
  choices: { title: string; value: string }[];
}

export type Element = TextBlock | ActionSet | FactSet | Container | InputText | InputChoiceSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: Element[];
  actions?: Action[];
  msteams?: { width: 'Full' };
}

export function card(body: Element[], actions: Action[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string, size: 'medium' | 'large' = 'medium'): TextBlock {
  return text(value, { size, weight: 'bolder' });
}

export function execute(title: string, data: CardAction, style?: ExecuteAction['style']): ExecuteAction {
  return { type: 'Action.Execute', title, verb: data.verb, data, ...(style ? { style } : {}) };
}

export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function actionSet(...actions: Action[]): ActionSet {
  return { type: 'ActionSet', actions };
}

export function container(items: Element[], options: Omit<Container, 'type' | 'items'> = {}): Container {
  return { type: 'Container', items, ...options };
}

/** Card text is Markdown: keep names and addresses from turning into links or formatting. */
export function plain(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

export function cardAttachment(content: AdaptiveCard): {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
} {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}

/** A button that unfolds more of the card in place (no round trip): long lists stay collapsed. */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: Element[] };
}

export function showCard(title: string, body: Element[]): ShowCardAction {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body } };
}
