// The welcome card: on install, "hi", and the help menu's "What Partner Link does".
import { actionSet, card, container, execute, heading, text, type AdaptiveCard } from '../cards/card-elements';

export const LINK_TRAINING_TITLE = 'Get Partner University access';
export const LINK_LEARNING_TITLE = 'Associate Microsoft Learning account';

export function welcomeCard(): AdaptiveCard {
  return card([
    heading('Welcome to Partner Link', 'large'),
    text(
      'Partner Link connects your work account with the personal Microsoft account that holds your training and certifications, so your organization gets the credit.',
    ),
    container(
      [
        text(
          '**Your work account** is who you are at your organization — the email your organization gave you and that you use for Teams. Partner Center knows you by it.',
        ),
        text(
          '**Your personal Microsoft account** is the one you use for Outlook.com, Hotmail, Xbox or Skype. Partner University (training) and Microsoft Learning (exams and certifications) know you by it.',
          { spacing: 'small' },
        ),
      ],
      { style: 'emphasis' },
    ),
    text(
      'Linking asks you to sign in with your personal account, and with your work account first whenever Partner Link needs to confirm it. Partner Link keeps who you are, never your passwords or sign-in tokens.',
      { isSubtle: true },
    ),
    actionSet(
      execute(LINK_TRAINING_TITLE, { verb: 'link', purpose: 'training' }, 'positive'),
      execute(LINK_LEARNING_TITLE, { verb: 'link', purpose: 'learning' }),
      execute('Help', { verb: 'help' }),
    ),
    text('You can also type **status** to see your learning links, or **help** for the help topics, at any time.', {
      isSubtle: true,
      size: 'small',
    }),
  ]);
}
