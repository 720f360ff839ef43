// The Learning association as a person makes it in chat: "status", the card's "Associate Microsoft
// Learning account", then whichever sign-ins the bot asks for (work first, then personal).
import { personal, work } from './dev-people';
import { oauthCardIn, type TeamsChat, type TurnResult } from './teams-chat';

const ASSOCIATE_LEARNING = 'Associate Microsoft Learning account';

/** Associates `who`'s personal account for Learning; returns the turn that finished it. */
export async function associateLearning(
  chat: TeamsChat,
  who: Parameters<typeof work>[0] = 'adele',
): Promise<TurnResult> {
  await chat.say('status');
  let last: TurnResult = await chat.press(chat.latestCard(ASSOCIATE_LEARNING).id, ASSOCIATE_LEARNING);
  if (oauthCardIn(last) === 'WorkAccount') last = await chat.signInAs(work(who).email);
  if (oauthCardIn(last) === 'PersonalAccount') last = await chat.signInAs(personal(who).email);
  return last;
}
