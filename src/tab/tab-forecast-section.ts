// The skilling forecast's section (partner admins: the organization; managers: their team; anyone
// else: who can see it). The chart and tables are built by tab-forecast.ts.
import { api, errorMessage, session } from './tab-api.js';
import { el, notice } from './tab-dom.js';
import { forecastView } from './tab-forecast.js';
import { extraSections } from './tab-page.js';
import type { TabForecastMessage, TabForecastView } from './tab-wire';

export async function loadForecast(): Promise<void> {
  try {
    const answer = await api<TabForecastView | TabForecastMessage>(`/api/tab/forecast${session.dateQuery}`);
    extraSections.forecast =
      'areas' in answer
        ? forecastView(answer, el)
        : el(
            'section',
            { 'aria-label': answer.title, 'data-part': 'forecast' },
            el('h2', {}, answer.title),
            el('p', {}, answer.message),
            ...(answer.honesty ? [el('p', { class: 'subtle' }, answer.honesty)] : []),
          );
  } catch (error) {
    extraSections.forecast = el(
      'section',
      { 'aria-label': 'Skilling forecast', 'data-part': 'forecast' },
      el('h2', {}, 'Skilling forecast'),
      notice('attention', errorMessage(error)),
    );
  }
}
