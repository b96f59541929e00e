import type { Locale } from '../../domain/stages';
import type { IdeaLinks } from '../deep-links';
import { escapeMarkdown } from '../markdown';
import { t } from '../strings';
import { expand, type CardJson } from './render';
import helpTemplate from './templates/help.json';
import welcomeTemplate from './templates/welcome.json';

/** The card shown when the app is installed: what the sluice is, in three lines, and how to start. */
export function renderWelcomeCard(locale: Locale, sluiceName: string): CardJson {
  return expand(welcomeTemplate, {
    title: t(locale, 'welcome.title', { sluice: escapeMarkdown(sluiceName) }),
    line1: t(locale, 'welcome.line1'),
    line2: t(locale, 'welcome.line2'),
    line3: t(locale, 'welcome.line3'),
    publicNotice: t(locale, 'help.public'),
    startLabel: t(locale, 'welcome.start'),
    startCommand: locale === 'en' ? 'new idea' : 'ny idé',
    helpLabel: t(locale, 'welcome.help'),
    helpCommand: locale === 'en' ? 'help' : 'hjälp',
  });
}

/**
 * The list of what the bot can do; with `links`, also the tab's two published statements (how
 * personal data is processed, the accessibility statement), each opening its page in the tab.
 */
export function renderHelpCard(locale: Locale, links?: Pick<IdeaLinks, 'toPage'>): CardJson {
  const card = expand(helpTemplate, {
    title: t(locale, 'help.title'),
    lines: [
      t(locale, 'help.newIdea'),
      t(locale, 'help.shortcut'),
      t(locale, 'help.mine'),
      t(locale, 'help.myData'),
      t(locale, 'help.cancel'),
      t(locale, 'help.mention'),
      t(locale, 'help.help'),
    ],
    publicNotice: t(locale, 'help.public'),
  });
  if (!links) return card;
  const open = (id: string, key: 'help.privacy' | 'help.accessibility', page: 'privacy' | 'accessibility') => ({
    type: 'Action.OpenUrl',
    id,
    title: t(locale, key),
    url: links.toPage(page),
  });
  const body = Array.isArray(card['body']) ? (card['body'] as unknown[]) : [];
  const actions = [open('openPrivacy', 'help.privacy', 'privacy'), open('openAccessibility', 'help.accessibility', 'accessibility')];
  return { ...card, body: [...body, { type: 'ActionSet', id: 'statementsSet', spacing: 'Medium', actions }] };
}
