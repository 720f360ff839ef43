// What a person does on the sign-in page, over real HTTP: open the link, press their identity's
// button (or type the address), and read the 6-digit code the page shows.
export async function completeSignIn(signInLink: string, email: string): Promise<string> {
  const page = await fetch(signInLink);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`The sign-in page answered ${page.status}: ${html.slice(0, 200)}`);
  const offered = html.includes(`data-email="${email}"`);
  const response = await fetch(signInLink, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email }).toString(),
  });
  const result = await response.text();
  const code = /data-magic-code="(\d{6})"/.exec(result)?.[1];
  if (!code)
    throw new Error(
      `No code after signing in as ${email}${offered ? '' : ' (typed, not offered as a button)'}: ${result.slice(0, 300)}`,
    );
  return code;
}
