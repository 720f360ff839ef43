// What the linked Learning section of the card shows about certifications, as a pure function of
// its view model: the ask for the transcript share link (with a box to paste it in), or the
// certifications section with Refresh, whose transcript it is (the ownership question with its
// button, or self-declared / approved / declined), the person's own contribution (only when their
// transcript counts) and the reminders switch. The paste box sits inside an Action.ShowCard, so only its
// own button sends the typed value (other buttons' payloads stay exactly as the schema wants).
import {
  actionSet,
  container,
  execute,
  plain,
  showCard,
  text,
  type Element,
  type InputText,
} from '../cards/card-elements';
import type { DateLocale } from '../cards/date-format';
import { TRANSCRIPT_INPUT_MAX_CHARS } from '../cards/card-actions';
import { userMessage } from '../errors';
import { countsForCredit, type Ownership } from './certification-store';
import { certificationsSection } from './certifications-section';
import type { CertificationsView } from './certifications-view';

export const TRANSCRIPT_INPUT_ID = 'link';
export const READ_TRANSCRIPT_TITLE = 'Read my transcript';
export const PASTE_LINK_TITLE = 'Paste a transcript link';
export const NEW_LINK_TITLE = 'Use a different link';
export const REFRESH_TITLE = 'Refresh';
export const CONFIRM_OWNERSHIP_TITLE = 'This transcript is mine';
export const REMINDERS_OFF_TITLE = 'Turn renewal reminders off';
export const REMINDERS_ON_TITLE = 'Turn renewal reminders on';

export interface CertificationsCardView {
  /** Undefined until a link was pasted for this association. */
  shown?: { view: CertificationsView; ownership: Ownership; transcriptKey: string | null };
  /** The associated account's masked address, for the ownership question. */
  maskedEmail: string;
  /** False for an association made before its address was kept: no transcript can match it by email. */
  emailCompared: boolean;
  remindersOn: boolean;
  /** "Your AZ-104 counts toward Infrastructure (Azure)." lines. */
  contributions: string[];
  dates?: DateLocale;
}

/** Contribution lines on the card (short, as a chat answer should be); the tab lists them all. */
const CONTRIBUTIONS_SHOWN = 2;

/** The link box's words (the card's and the tab's). */
export const LINK_INPUT = {
  label: 'Transcript share link',
  placeholder: 'https://learn.microsoft.com/en-us/users/your-name/transcript/…',
} as const;

function pasteBox(title: string): Element {
  const input: InputText = {
    type: 'Input.Text',
    id: TRANSCRIPT_INPUT_ID,
    label: LINK_INPUT.label,
    placeholder: LINK_INPUT.placeholder,
    maxLength: TRANSCRIPT_INPUT_MAX_CHARS,
    isRequired: true,
    errorMessage: 'Paste the share link from your Microsoft Learn transcript.',
  };
  return actionSet(
    showCard(title, [input, actionSet(execute(READ_TRANSCRIPT_TITLE, { verb: 'transcriptLink' }, 'positive'))]),
  );
}

export function certificationsCardElements(v: CertificationsCardView): Element[] {
  if (!v.shown) return [text(userMessage('transcript-link-ask'), { spacing: 'medium' }), pasteBox(PASTE_LINK_TITLE)];
  const items: Element[] = [];
  const ownership = ownershipNote(v);
  if (ownership) items.push(ownership);
  items.push(...certificationsSection(v.shown.view, v.dates ?? {}));
  if (countsForCredit(v.shown.ownership) && v.contributions.length > 0) {
    const shown = v.contributions.slice(0, CONTRIBUTIONS_SHOWN);
    const more = v.contributions.length - shown.length;
    items.push(
      text(shown.join('\n\n') + (more > 0 ? `\n\n…and ${more} more. The Partner Link tab lists them all.` : ''), {
        spacing: 'small',
      }),
    );
  }
  items.push(
    actionSet(
      execute(REFRESH_TITLE, { verb: 'certRefresh' }),
      v.remindersOn
        ? execute(REMINDERS_OFF_TITLE, { verb: 'remindersOff' })
        : execute(REMINDERS_ON_TITLE, { verb: 'remindersOn' }),
    ),
    pasteBox(NEW_LINK_TITLE),
  );
  return items;
}

/** Whose transcript it is, when that is in doubt or was decided: the question with its button, or the state. */
function ownershipNote(v: CertificationsCardView): Element | undefined {
  const shown = v.shown;
  switch (shown?.ownership) {
    case 'different': {
      const question = v.emailCompared
        ? userMessage('transcript-email-differs', { masked: plain(v.maskedEmail) })
        : userMessage('transcript-email-not-compared');
      // The button names the transcript it is about: pressed after another link was pasted, it changes nothing.
      const confirm = shown.transcriptKey
        ? [
            actionSet(
              execute(CONFIRM_OWNERSHIP_TITLE, { verb: 'certOwnershipConfirm', transcript: shown.transcriptKey }),
            ),
          ]
        : [];
      return container([text(question), ...confirm], { style: 'warning', spacing: 'medium' });
    }
    case 'self-declared':
      return container([text(userMessage('transcript-self-declared'))], { style: 'warning', spacing: 'medium' });
    case 'approved':
      return container([text(userMessage('transcript-approved'))], { style: 'good', spacing: 'medium' });
    case 'declined':
      return container([text(userMessage('transcript-declined'))], { style: 'attention', spacing: 'medium' });
    default:
      return undefined;
  }
}
