// "What do you store about me?" and "delete my data". The words say exactly what the store keeps
// (storage/audit-retention.ts): keep them in step.
import type { UserDataExport } from '../associations/association-store';
import type { AuditEntry } from '../associations/model';
import { userMessage } from '../errors';
import {
  actionSet,
  card,
  execute,
  heading,
  plain,
  text,
  type AdaptiveCard,
  type FactSet,
} from '../cards/card-elements';
import { formatDate, type DateLocale } from '../cards/date-format';

const PURPOSE_NAME = { training: 'Partner University access', learning: 'Microsoft Learning account' } as const;
const ACTION_NAME: Record<AuditEntry['action'], string> = {
  link: 'linked',
  'move-in': 'credit moved here',
  'move-out': 'credit moved to another organization',
  remove: 'removed',
  'delete-data': 'data deleted',
};

/** A line other capabilities add to "what do you store" (e.g. the transcript link), dates already written. */
export interface StoredFact {
  title: string;
  value: string;
}

export function myDataCard(exported: UserDataExport, dates: DateLocale = {}, more: StoredFact[] = []): AdaptiveCard {
  const associations: FactSet = {
    type: 'FactSet',
    facts: exported.associations.map((a) => ({
      title: PURPOSE_NAME[a.purpose],
      value: `${plain(a.personal.maskedEmail)}, since ${formatDate(a.linkedAt, dates)}`,
    })),
  };
  const recent = exported.audit.slice(-5).reverse();
  const history: FactSet = {
    type: 'FactSet',
    facts: recent.map((e) => ({
      title: formatDate(e.at, dates),
      value: `${e.purpose ? `${PURPOSE_NAME[e.purpose]}: ` : ''}${ACTION_NAME[e.action]}${e.personalMaskedEmail ? ` (${plain(e.personalMaskedEmail)})` : ''}`,
    })),
  };
  return card([
    heading('What Partner Link stores about you', 'large'),
    text('**Your links**'),
    exported.associations.length ? associations : text('No personal account is linked.', { isSubtle: true }),
    text(
      `**Audit log** — ${exported.audit.length} ${exported.audit.length === 1 ? 'entry' : 'entries'} (who linked or removed what, and when)${recent.length ? '; the latest:' : '.'}`,
    ),
    ...(recent.length ? [history] : []),
    ...(more.length
      ? [
          text('**Certifications and reminders**'),
          { type: 'FactSet' as const, facts: more.map((f) => ({ title: plain(f.title), value: plain(f.value) })) },
        ]
      : []),
    text(
      "For each link: the personal account's id, its display name (the masked address if it has none) and a masked address. The audit log keeps the masked address and a keyed hash of the account id, never the id itself. Never stored: your passwords, sign-in tokens, or full personal email address.",
      { isSubtle: true },
    ),
    text(
      "**Certifications** — if you shared your Microsoft Learn transcript: its share link, encrypted; what was read through it (each certification's name, number, status, dates earned and of expiry, and your passed exams), with when it was read; and whether the transcript's contact email matched (never the email itself, your legal name or your certification ID). **Reminders** — whether renewal reminders are on, the reminders queued or sent (certification name, number and expiry), and the ids of your 1:1 chat with Partner Link, so it can message you.",
      { isSubtle: true },
    ),
    text(userMessage('what-your-manager-sees'), { isSubtle: true }),
    actionSet(
      execute('Delete my data', { verb: 'deleteDataRequest' }, 'destructive'),
      execute('Show my learning', { verb: 'status' }),
    ),
  ]);
}

export function deleteDataConfirmCard(): AdaptiveCard {
  return card([
    heading('Delete your data?', 'large'),
    text(
      'This removes your Partner University access and your Microsoft Learning association, and anything pending; your transcript share link and the certifications read from it; your renewal reminders (queued and sent) and their setting; and the saved ids of your 1:1 chat. Your organization stops getting credit for your exams and certifications.',
    ),
    text(
      "What stays: a dated record that you deleted your data, under a keyed hash of your work account, for 365 days. So that Partner Center's limits (3 Microsoft Learning associations a year, 30 days apart) still apply, the dates your Microsoft Learning account was associated stay too, under a keyed hash of its id, each for 365 days after it happened. The log of team status views (who viewed whose team, when, and how many people it covered) keeps each entry for 365 days, naming you only by a keyed hash of your work account. No personal address (not even masked), no name, no account id, no transcript link and no certification are kept. Your next message to Partner Link saves your 1:1 chat's ids again, so it can answer you.",
      { isSubtle: true },
    ),
    actionSet(
      execute('Yes, delete my data', { verb: 'deleteDataConfirm' }, 'destructive'),
      execute('Cancel', { verb: 'status' }),
    ),
  ]);
}
