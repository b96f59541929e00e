/**
 * The help card ("Vad kan du?" / "hjälp") links the tab's two published statements: how personal
 * data is processed and the tillgänglighetsredogörelse. With the Teams app's id each is a Teams
 * deep link to the personal tab with the sub-page id `page:<view>` the tab reads; without it, the
 * tab's own address. Every card is parsed with the official Adaptive Cards parser.
 */
import * as AC from 'adaptivecards';
import { GIVER } from '../../../bot/src/local/activities';
import { renderHelpCard } from '../../../bot/src/teams/cards/welcome-card';
import { IdeaLinks } from '../../../bot/src/teams/deep-links';
import { validateCard } from '../../helpers/cards';
import { cardOf, personalConversation, sentTo, startCoachFixture, type CoachFixture } from '../coach/fixture';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';

/** The card's Action.OpenUrl buttons (title and address), read through the official parser. */
function openUrls(card: Record<string, unknown>): Array<{ title: string; url: string }> {
  const parsed = validateCard(card);
  return ['openPrivacy', 'openAccessibility'].map((id) => {
    const action = parsed.getActionById(id);
    if (!(action instanceof AC.OpenUrlAction) || !action.url) throw new Error(`No ${id} on ${JSON.stringify(card)}`);
    return { title: action.title ?? '', url: action.url };
  });
}

function subEntityOf(url: string): { tab: string; subEntityId?: string } {
  const parsed = new URL(url);
  expect(parsed.origin).toBe('https://teams.microsoft.com');
  const [, , , appId = '', tab = ''] = parsed.pathname.split('/');
  expect(appId).toBe(APP_ID);
  return { tab, ...(JSON.parse(parsed.searchParams.get('context') ?? '{}') as { subEntityId?: string }) };
}

describe('the help card', () => {
  it('links both statements as Teams deep links to the personal tab, in Swedish and English', () => {
    const links = new IdeaLinks({ teamsAppId: APP_ID, baseUrl: () => 'https://ideslussen.example.se' });
    const sv = openUrls(renderHelpCard('sv', links));
    expect(sv.map((a) => a.title)).toEqual(['Så behandlas personuppgifter', 'Tillgänglighetsredogörelse']);
    expect(sv.map((a) => subEntityOf(a.url))).toEqual([
      { tab: 'mine', subEntityId: 'page:privacy' },
      { tab: 'mine', subEntityId: 'page:accessibility' },
    ]);
    expect(openUrls(renderHelpCard('en', links)).map((a) => a.title)).toEqual([
      'How personal data is processed',
      'Accessibility statement',
    ]);
  });

  it("links the tab's own pages without the Teams app's id", () => {
    const local = new IdeaLinks({ baseUrl: () => 'http://127.0.0.1:42201' });
    expect(openUrls(renderHelpCard('sv', local)).map((a) => a.url)).toEqual([
      'http://127.0.0.1:42201/tab/index.html#/privacy',
      'http://127.0.0.1:42201/tab/index.html#/accessibility',
    ]);
  });

  describe('sent by the bot', () => {
    let fx: CoachFixture;
    beforeAll(async () => {
      fx = await startCoachFixture({ TEAMS_APP_ID: APP_ID });
    });
    afterAll(() => fx.close());
    beforeEach(() => fx.connector.reset());

    // "Vad kan du?" on the welcome card says "hjälp" (or "help") for the person.
    it.each([
      ['hjälp', 'sv-SE', 'Så behandlas personuppgifter'],
      ['help', 'en-US', 'How personal data is processed'],
    ])('answers "%s" in the personal chat with both links', async (words, locale, privacyTitle) => {
      await fx.say(GIVER, words, { locale });
      const cards = sentTo(fx, personalConversation(GIVER)).filter((a) => a['attachments']);
      expect(cards).toHaveLength(1);
      const links = openUrls(cardOf(cards[0]));
      expect(links[0]?.title).toBe(privacyTitle);
      expect(links.map((a) => subEntityOf(a.url).subEntityId)).toEqual(['page:privacy', 'page:accessibility']);
    });
  });
});
