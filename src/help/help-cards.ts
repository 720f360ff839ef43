// Help: the menu, the three topics (which account is which, passwords, missing options), and the short card for text the bot doesn't
// understand (never silence; never echoes the user's text back).
import type { HelpTopic } from '../cards/card-actions';
import {
  actionSet,
  card,
  container,
  execute,
  heading,
  text,
  type AdaptiveCard,
  type Element,
} from '../cards/card-elements';

const SHOW_LEARNING = execute('Show my learning', { verb: 'status' });

export function helpMenuCard(): AdaptiveCard {
  return card([
    heading('How can I help?', 'large'),
    text(
      'Pick a topic, or type your question — for example "which account is which?" or "how do I change my password?".',
    ),
    actionSet(
      execute('Work or personal account?', { verb: 'help', topic: 'accounts' }),
      execute('Change your password', { verb: 'help', topic: 'password' }),
      execute('My options are missing', { verb: 'help', topic: 'missing-options' }),
      execute('What Partner Link does', { verb: 'welcome' }),
      SHOW_LEARNING,
    ),
    text('You can also ask "what do you store about me?" or say "delete my data".', { isSubtle: true, size: 'small' }),
  ]);
}

const TOPICS: Record<HelpTopic, { title: string; body: Element[] }> = {
  accounts: {
    title: 'Work account or personal account?',
    body: [
      text(
        '**Work account** — the email your organization gave you (like you@yourcompany.com), the one you use for Teams and Outlook at work. **Partner Center** knows you by it, and Partner Link asks for it first.',
      ),
      text(
        '**Personal Microsoft account** — the one you use for Outlook.com, Hotmail, Live, Xbox or Skype. It is sometimes called your "Windows Live ID". **Partner University** (training and assessments) and **Microsoft Learning** (exams and certifications) know you by it.',
      ),
      text(
        'When a sign-in asks for your "Microsoft account", it means the personal one, not your work email. If you took exams with another personal account, associate that one for exams and certifications.',
        { isSubtle: true },
      ),
    ],
  },
  password: {
    title: 'Change your password',
    body: [
      text(
        "**Work account:** your organization owns it. Use your organization's self-service password reset, or ask your IT admin. Only a Global admin can reset another Global admin's password.",
      ),
      text(
        '**Personal Microsoft account:** sign out, select **Sign in**, choose your user name, then select **"Can\'t access your account?"** on the Microsoft sign-in page and follow the steps.',
      ),
      text('Partner Link never sees or stores your passwords.', { isSubtle: true }),
    ],
  },
  'missing-options': {
    title: 'Why are my options missing?',
    body: [
      text('Partner Center shows options according to your role:'),
      text(
        [
          '- **Global admin** — everything, including managing users and roles.',
          '- **Microsoft AI Cloud Partner Program partner admin** (formerly "MPN partner admin") — the Membership workspace and everyone\'s skills data; cannot assign roles.',
          '- **Account admin** — locations, profiles and non-admin roles.',
          '- **User management admin** — creates and manages users.',
          '- **Report viewer / Executive report viewer** — the Insights reports, including training.',
          '- Every user can link their **own** learning accounts; nobody can do it for them.',
        ].join('\n'),
      ),
      text(
        "To get an option, ask your organization's **Global admin** or **partner admin**. In Partner Center, **Account settings → My access** shows which admin to contact. Role changes can take up to an hour to appear.",
      ),
    ],
  },
};

export function helpTopicCard(topic: HelpTopic): AdaptiveCard {
  const t = TOPICS[topic];
  return card([
    heading(t.title, 'large'),
    container(t.body),
    actionSet(execute('Back to help', { verb: 'help' }), SHOW_LEARNING),
  ]);
}

export function unknownInputCard(): AdaptiveCard {
  return card([
    text("I didn't catch that.", { weight: 'bolder' }),
    text(
      'Type **status** to see your learning links and your certifications, **refresh** to read your certifications again from Microsoft Learn, **help** for help, or ask "which account is which?".',
    ),
    text('Managers: **team status** shows how your team is doing.'),
    actionSet(SHOW_LEARNING, execute('Help', { verb: 'help' })),
  ]);
}
