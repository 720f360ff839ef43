// The sign-in stand-in's pages: pick or type an identity, then read the 6-digit code. Plain,
// server-rendered, accessible HTML; everything that comes from outside is escaped.
import type { DevIdentity, DevTenant } from './dev-identities';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const STYLE = `
  body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #242424; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
  .who { background: #f0f0ff; border-left: 4px solid #5b5fc7; padding: .75rem 1rem; }
  form.pick { margin: .25rem 0; }
  button { font: inherit; padding: .45rem .8rem; border: 1px solid #8a8886; border-radius: 4px; background: #fff; cursor: pointer; width: 100%; text-align: left; }
  button:hover, button:focus { border-color: #5b5fc7; outline: 2px solid #5b5fc7; }
  .code { font-size: 2.6rem; letter-spacing: .4rem; font-weight: 700; margin: 1rem 0; }
  .error { color: #c4314b; }
  small { color: #616161; }`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function pickButton(identity: DevIdentity): string {
  return `<form class="pick" method="post"><input type="hidden" name="email" value="${escapeHtml(identity.email)}"><button type="submit" data-email="${escapeHtml(identity.email)}">${escapeHtml(identity.displayName)} <small>${escapeHtml(identity.email)}${identity.note ? ` — ${escapeHtml(identity.note)}` : ''}</small></button></form>`;
}

export interface SignInPageView {
  isWork: boolean;
  connectionName: string;
  tenants: readonly DevTenant[];
  identities: readonly DevIdentity[];
  error?: string;
}

export function signInPage(view: SignInPageView): string {
  const asking = view.isWork
    ? 'Partner Link asks for your <strong>work account</strong> — the one your organization gave you.'
    : 'Partner Link asks for your <strong>personal Microsoft account</strong> (Outlook.com, Hotmail, Xbox, Skype).';
  const groups = [
    ...view.tenants.map((tenant) => ({
      heading: `${tenant.name} work accounts`,
      people: view.identities.filter((i) => i.kind === 'work' && i.tenantId === tenant.id),
    })),
    { heading: 'Personal Microsoft accounts', people: view.identities.filter((i) => i.kind === 'personal') },
  ];
  const lists = groups
    .map((g) => `<section><h2>${escapeHtml(g.heading)}</h2>${g.people.map(pickButton).join('')}</section>`)
    .join('');
  return page(
    'Sign in — local stand-in',
    `<h1>Sign in (local stand-in)</h1>
     <p class="who">${asking}<br><small>Connection: ${escapeHtml(view.connectionName)}. Every identity is offered here on purpose, so you can also try the wrong kind and see Partner Link refuse it.</small></p>
     ${view.error ? `<p class="error" role="alert">${view.error}</p>` : ''}
     ${lists}
     <section><h2>Or type an email</h2>
       <form method="post"><label for="email">Email address</label><br>
       <input id="email" name="email" type="email" required maxlength="200" autocomplete="off">
       <button type="submit" style="width:auto">Sign in</button></form>
       <p><small>An address at contoso.example or fabrikam.example is a work account there; any other is a personal Microsoft account.</small></p>
     </section>`,
  );
}

export interface AuthorizePageView {
  tenants: readonly DevTenant[];
  identities: readonly DevIdentity[];
  error?: string;
}

/** The tab's sign-in (the stand-in's authorize page): work accounts only, as Teams SSO gives. */
export function authorizePage(view: AuthorizePageView): string {
  const lists = view.tenants
    .map((tenant) => {
      const people = view.identities.filter((i) => i.kind === 'work' && i.tenantId === tenant.id);
      return `<section><h2>${escapeHtml(tenant.name)} work accounts</h2>${people.map(pickButton).join('')}</section>`;
    })
    .join('');
  return page(
    'Sign in to the Partner Link tab — local stand-in',
    `<h1>Sign in to the Partner Link tab (local stand-in)</h1>
     <p class="who">In Teams the tab knows who you are without asking (Teams single sign-on). Here, pick the <strong>work account</strong> you want to be.<br><small>You go back to the tab with a token signed by this stand-in, which the bot checks like a Microsoft one.</small></p>
     ${view.error ? `<p class="error" role="alert">${view.error}</p>` : ''}
     ${lists}
     <section><h2>Or type an email</h2>
       <form method="post"><label for="email">Work email address</label><br>
       <input id="email" name="email" type="email" required maxlength="200" autocomplete="off">
       <button type="submit" style="width:auto">Sign in</button></form>
       <p><small>An address at contoso.example or fabrikam.example is a work account there.</small></p>
     </section>`,
  );
}

export function authorizeErrorPage(message: string): string {
  return page(
    'Sign-in request refused',
    `<h1>This sign-in request was refused</h1><p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}

export function codePage(code: string, identity: DevIdentity): string {
  return page(
    'Your sign-in code',
    `<h1>Signed in as ${escapeHtml(identity.displayName)}</h1>
     <p>${identity.kind === 'work' ? 'Work account' : 'Personal Microsoft account'}: ${escapeHtml(identity.email)}</p>
     <p>Type this code in the chat with Partner Link:</p>
     <p class="code" data-magic-code="${code}" aria-label="Sign-in code ${code.split('').join(' ')}">${code}</p>
     <p><small>The code works once and expires in 10 minutes. You can close this page afterwards.</small></p>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Sign-in link expired',
    '<h1>This sign-in link has expired or was already used</h1><p>Go back to the chat and select the sign-in button again.</p>',
  );
}
