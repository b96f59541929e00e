/**
 * The monthly report card through the bot's real outbox and a recording Bot Framework connector,
 * with the app's one clock moved: an admin chooses the channel in the channel, and on the first
 * working day of each month at 08:00 (Stockholm) the channel gets exactly one card with last
 * month's figures, validated with the official Adaptive Cards parser.
 */
import type { Idea } from '../../../bot/src/domain/idea';
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { CHANNEL_ID, cardOf, sentTo, textOf } from '../coach/fixture';
import { reminderSuite } from '../reminders/clock';

// Monday 19 October 2026, 10:00 in Stockholm.
const { clock, fx } = reminderSuite('2026-10-19');

async function round(): Promise<number> {
  const result = await fx().app.services.reminders.runOnce();
  await fx().drain();
  return result.other;
}

/** Replies in the channel's threads (the messages the commands were written in). */
function threadReplies(): string[] {
  return fx()
    .connector.sent()
    .filter((a) => a.conversationId.startsWith(`${CHANNEL_ID};messageid=`))
    .map((a) => String(a['text']));
}

function channelCards(): Record<string, unknown>[] {
  return sentTo(fx(), CHANNEL_ID)
    .filter((a) => a['attachments'])
    .map((a) => cardOf(a));
}

async function act(idea: Idea, action: Parameters<ReturnType<typeof fx>['app']['services']['ideas']['act']>[3]): Promise<void> {
  const coach = idea.coach?.id === COACH.id ? COACH : COACH_2;
  const result = await fx().app.services.ideas.act('default', idea.id, { ...coach, tenantId: TENANT }, action);
  if (!result.ok) throw new Error(`${action.type} failed: ${JSON.stringify(result)}`);
}

beforeAll(async () => {
  // COACH is the sluice's only admin; COACH_2 coaches but does not administer. The digests of
  // issue 13 are recorded as sent for every round to come, so the rounds here count the report only.
  const found = await fx().app.storage.sluices.get('default');
  await fx().app.storage.sluices.replace(
    { ...found!.value, admins: [COACH.id], digestsQueued: { weekly: '9999-12-31', monthly: '9999-12' } },
    found!.etag,
  );
});

it('lets only an admin choose the report channel, in the channel', async () => {
  expect(await fx().sayInChannel(COACH_2, 'rapportkanal')).toBeLessThan(300);
  expect(threadReplies()).toEqual(['Bara idéslussens administratörer kan välja rapportkanal.']);
  expect((await fx().app.storage.sluices.get('default'))?.value.reportChannel).toBeUndefined();

  expect(await fx().say(COACH, 'rapportkanal')).toBeLessThan(300);
  expect((await fx().app.storage.sluices.get('default'))?.value.reportChannel).toBeUndefined();

  fx().connector.reset();
  expect(await fx().sayInChannel(COACH, 'rapportkanal')).toBeLessThan(300);
  expect(threadReplies()).toEqual([
    'Klart! Den här kanalen får nu månadsrapporten för Idéslussen Testkommun den första arbetsdagen i varje månad kl. 08.00. Den första kommer måndag 2 november.',
  ]);
  const channel = (await fx().app.storage.sluices.get('default'))?.value.reportChannel;
  expect(channel).toMatchObject({ conversationId: CHANNEL_ID, setBy: COACH.id, locale: 'sv', name: 'Coacher' });
});

it("posts last month's figures once on the first working day at 08:00, and again the next month", async () => {
  // October: one idea handed in.
  await fx().submit(GIVER, 'Oktoberidé');
  // Sunday 1 November is no working day: Monday 2 November at 08:00 is when October's report is due.
  fx().connector.reset();
  clock.set('2026-11-01', 12);
  expect(await round()).toBe(0);
  clock.set('2026-11-02', 7);
  expect(await round()).toBe(0);
  expect(channelCards()).toHaveLength(0);
  clock.set('2026-11-02', 9);
  expect(await round()).toBe(1);
  const october = channelCards();
  expect(october).toHaveLength(1);
  expect(textOf(october[0]!)).toContain('Så gick det i oktober 2026');

  // November: three ideas handed in, one taken, one declined, one taken through to Införd with an effect.
  clock.set('2026-11-10');
  const [a, b, c] = [await fx().submit(GIVER, 'Cykelställ'), await fx().submit(GIVER, 'Bilpool'), await fx().submit(GIVER, 'Lånecyklar')];
  clock.set('2026-11-11');
  await act(a!, { type: 'take' });
  await act(b!, { type: 'decline', reason: 'Finns redan' });
  await act(c!, { type: 'take' });
  await act(c!, { type: 'advance' });
  await act(c!, { type: 'advance' });
  await act(c!, { type: 'advance', effects: [{ forWhom: 'Personalen', change: 'Färre bilresor', amount: 12, unit: 'timmar per vecka' }] });
  await fx().drain();

  // Later rounds in November, and the morning of Tuesday 1 December before 08:00: nothing more.
  fx().connector.reset();
  clock.set('2026-11-20');
  expect(await round()).toBe(0);
  clock.set('2026-12-01', 7);
  expect(await round()).toBe(0);
  expect(channelCards()).toHaveLength(0);

  clock.set('2026-12-01', 8);
  expect(await round()).toBe(1);
  const cards = channelCards();
  expect(cards).toHaveLength(1);
  const text = textOf(cards[0]!);
  expect(text).toContain('Så gick det i november 2026');
  expect(text).toContain('förändringen mot oktober 2026');
  expect(text).toContain('Inlämnade idéer: 3 (+2)');
  expect(text).toContain('Tagna av en coach: 2 (+2)');
  expect(text).toContain('Nådde Införd: 1 (+1)');
  expect(text).toContain('Avslutade: 1 (+1)');
  expect(text).toContain('#');
  expect(text).toContain('Lånecyklar');
  expect(text).toContain('Personalen: Färre bilresor (12 timmar per vecka)');
  expect(text).toContain('Avböjda av en coach, från Inkommen: 1');
  expect(text).not.toContain(GIVER.name);
  const actions = cards[0]!['actions'] as Array<Record<string, unknown>>;
  expect(actions[0]).toMatchObject({ type: 'Action.OpenUrl', title: 'Öppna Statistik' });
  expect(String(actions[0]!['url'])).toMatch(/\/tab\/index\.html#\/stats\?period=custom&from=2026-11&to=2026-11$/);

  // The same day later, and another instance's round: no second card.
  fx().connector.reset();
  clock.set('2026-12-01', 15);
  expect(await round()).toBe(0);
  expect(channelCards()).toHaveLength(0);
  expect((await fx().app.storage.sluices.get('default'))?.value.monthlyReportQueued).toBe('2026-11');

  // Friday 1 January 2027 is a public holiday: December's report comes on Monday 4 January.
  clock.set('2027-01-01', 9);
  expect(await round()).toBe(0);
  clock.set('2027-01-04', 8);
  expect(await round()).toBe(1);
  const december = channelCards();
  expect(december).toHaveLength(1);
  expect(textOf(december[0]!)).toContain('Så gick det i december 2026');
  expect(textOf(december[0]!)).toContain('Inlämnade idéer: 0 (−3)');
});
