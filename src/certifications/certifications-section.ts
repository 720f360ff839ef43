// The "Microsoft exams and certifications" part of the card, from the view model: renewal open
// (with the date), active, and expired or retired. The card stays short: each list shows its first
// few rows and the rest behind Action.ShowCard (expired or retired all of them), so an answer in the
// chat fits on the screen; each list is capped so the card stays under 28 KB with 60+ certifications.
import { actionSet, container, plain, showCard, text, type Element, type FactSet } from '../cards/card-elements';
import { formatDate, type DateLocale } from '../cards/date-format';
import type { CertificationLine, CertificationsView } from './certifications-view';

/** At most this many rows per list on the card; the rest are counted ("and 12 more"). */
export const MAX_ROWS_PER_LIST = 30;
/** Rows of a list shown before "Show N more". */
export const PREVIEW_ROWS = 3;

function facts(lines: CertificationLine[], value: (l: CertificationLine) => string): Element[] {
  const shown = lines.slice(0, MAX_ROWS_PER_LIST);
  const set: FactSet = { type: 'FactSet', facts: shown.map((l) => ({ title: plain(l.name), value: value(l) })) };
  const more = lines.length - shown.length;
  return more > 0
    ? [set, text(`…and ${more} more. The Partner Link tab lists them all.`, { isSubtle: true, spacing: 'small' })]
    : [set];
}

/** The first PREVIEW_ROWS rows, and the rest one press away ("Show 7 more active"). */
function preview(lines: CertificationLine[], value: (l: CertificationLine) => string, what: string): Element[] {
  const rest = lines.slice(PREVIEW_ROWS);
  const first = facts(lines.slice(0, PREVIEW_ROWS), value);
  return rest.length ? [...first, actionSet(showCard(`Show ${rest.length} more ${what}`, facts(rest, value)))] : first;
}

/** Elements to put under the section heading (after "Linked to …"). */
export function certificationsSection(view: CertificationsView, where: DateLocale = {}): Element[] {
  const date = (d: Date) => formatDate(d, where);
  const expires = (l: CertificationLine) => (l.expiresOn ? `expires ${date(l.expiresOn)}` : 'no expiry');
  const items: Element[] = [];
  const total = view.active.length + view.expiringSoon.length + view.expiredOrRetired.length;
  if (view.fetchedAt === null) {
    items.push(text('Your certifications have not been read from Microsoft Learn yet.', { isSubtle: true }));
    return items;
  }
  if (total === 0) items.push(text('Your Microsoft Learn transcript lists no certifications yet.'));
  if (view.expiringSoon.length > 0) {
    items.push(
      container(
        [
          text(`**Renewal open** (${view.expiringSoon.length}): renew for free on Microsoft Learn before the date.`),
          ...preview(view.expiringSoon, (l) => `expires ${l.expiresOn ? date(l.expiresOn) : ''}`, 'with renewal open'),
        ],
        { style: 'warning', spacing: 'small' },
      ),
    );
  }
  if (view.active.length > 0)
    items.push(
      text(`**Active** (${view.active.length})`, { spacing: 'small' }),
      ...preview(view.active, expires, 'active'),
    );
  if (view.expiredOrRetired.length > 0) {
    items.push(
      actionSet(
        showCard(
          `Show ${view.expiredOrRetired.length} expired or retired`,
          facts(view.expiredOrRetired, (l) => (l.expiresOn ? `ended ${date(l.expiresOn)}` : 'retired')),
        ),
      ),
    );
  }
  if (view.age) items.push(text(view.age, { isSubtle: true, spacing: 'small' }));
  return items;
}
