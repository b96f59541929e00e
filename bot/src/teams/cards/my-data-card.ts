import type { PersonalDataExport } from '../../domain/personal-data';
import type { Locale } from '../../domain/stages';
import { formatDay } from '../coach/absence-command';
import type { IdeaLinks } from '../deep-links';
import { escapeMarkdown } from '../markdown';
import { myDataText } from '../my-data/strings';
import { expand, type CardJson } from './render';
import template from './templates/my-data.json';

/** The id of the card's "Öppna Mina uppgifter" action. */
export const OPEN_MY_DATA_ID = 'openMyData';

/**
 * "Mina uppgifter" in chat: how many items of each kind the registry of personal data holds about
 * the person (the kinds with any, in the registry's order and with its labels), and a link to the
 * tab's page that lists them and downloads them as JSON. Counts only: the items stay in the tab.
 */
export function renderMyDataCard(locale: Locale, data: PersonalDataExport, links?: Pick<IdeaLinks, 'toPage'>): CardJson {
  const present = data.kinds.filter((k) => k.count > 0);
  const card = expand(template, {
    heading: myDataText(locale, 'myData.heading', { sluice: escapeMarkdown(data.sluice.name) }),
    intro: myDataText(locale, 'myData.intro', { date: formatDay(data.producedAt.slice(0, 10), locale) }),
    facts: present.map((k) => ({ title: k.label[locale], value: String(k.count) })),
    rest: myDataText(locale, present.length > 0 ? 'myData.nothingElse' : 'myData.nothing'),
    openHint: myDataText(locale, 'myData.openHint'),
    logged: myDataText(locale, 'myData.logged'),
  });
  if (!links) return card;
  return {
    ...card,
    actions: [{ type: 'Action.OpenUrl', id: OPEN_MY_DATA_ID, title: myDataText(locale, 'myData.open'), url: links.toPage('my-data') }],
  };
}
