// Local use only: the Agents Playground cannot complete OAuth sign-in offline ("Action type signin
// is not supported yet"). When the bot runs against the local sign-in stand-in, every OAuth card
// gets a companion card with the sign-in page as an Open URL button; the page shows a 6-digit code
// that the person types in the chat (OAuthPrompt's magic-code path). Never on in production: it is
// switched on only when OAuthUrl points at this machine.
import { CardFactory } from 'botbuilder';
import type { Attachment, OutgoingActivity } from './wire';

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

function signInLink(attachment: Attachment): string | undefined {
  if (attachment.contentType !== OAUTH_CARD) return undefined;
  const buttons = (attachment.content as { buttons?: { value?: unknown }[] } | undefined)?.buttons;
  const value = buttons?.[0]?.value;
  return typeof value === 'string' && value.startsWith('http') ? value : undefined;
}

/**
 * What the companion card says. The Agents Playground adds its own "Redeem code" button to every
 * sign-in card: it opens a box for the code and sends the code to the chat, so the card names it.
 */
export const LOCAL_SIGN_IN_TEXT =
  'This local chat cannot open the sign-in window. Open the sign-in page and pick who you are; it shows a 6-digit code. Type that code here in the chat, or select Redeem code on the sign-in card and paste it into the box that opens.';

/** Adds the local sign-in companion card next to each OAuth card that carries a sign-in link. */
export function withLocalSignInLinks(activities: OutgoingActivity[]): OutgoingActivity[] {
  return activities.map((activity) => {
    const links = (activity.attachments ?? []).map(signInLink).filter((l): l is string => l !== undefined);
    if (links.length === 0) return activity;
    const companions = links.map((link) =>
      CardFactory.heroCard('Local sign-in', LOCAL_SIGN_IN_TEXT, undefined, [
        { type: 'openUrl', title: 'Open the sign-in page', value: link },
      ]),
    );
    return { ...activity, attachments: [...(activity.attachments ?? []), ...companions] };
  });
}
