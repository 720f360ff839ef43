// Teams' theme (default, dark, contrast) on the page as body[data-theme]: tab.css picks its colours
// from it, the forecast chart's too. Outside Teams the page keeps the default colours.
import type * as TeamsJs from '@microsoft/teams-js';

export async function followTheme(sdk: typeof TeamsJs): Promise<void> {
  const apply = (theme: string | undefined) => {
    document.body.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
  };
  apply(
    await sdk.app.getContext().then(
      (c) => c.app.theme,
      () => undefined,
    ),
  );
  sdk.app.registerOnThemeChangeHandler(apply);
}
