import type { Locale } from '../../domain/stages';
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

/** The list of what the bot can do. */
export function renderHelpCard(locale: Locale): CardJson {
  return expand(helpTemplate, {
    title: t(locale, 'help.title'),
    lines: [
      t(locale, 'help.newIdea'),
      t(locale, 'help.shortcut'),
      t(locale, 'help.mine'),
      t(locale, 'help.cancel'),
      t(locale, 'help.mention'),
      t(locale, 'help.help'),
    ],
    publicNotice: t(locale, 'help.public'),
  });
}
