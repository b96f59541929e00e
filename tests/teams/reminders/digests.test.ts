/**
 * The digests through the real scheduler, outbox and a recording Bot Framework connector, with the
 * app's one clock moved: one weekly card per coach on Monday at 08:00, nothing more however often
 * the scheduler runs (also when the round's record on the sluice is lost), "prenumerera" /
 * "avsluta prenumeration" in a channel, and the monthly "Vad hände med våra idéer?" listing the
 * month's tested, implemented and closed ideas. Every card is checked with the official parser.
 */
import { COACH, COACH_2, GIVER, TENANT, message } from '../../../bot/src/local/activities';
import type { Idea } from '../../../bot/src/domain/idea';
import { CHANNEL_ID, TEAM_ID, cardOf, personalConversation, textOf, type Person } from '../coach/fixture';
import { reminderSuite } from './clock';

// Monday 23 November 2026, 10:00 in Stockholm.
const { clock, fx } = reminderSuite('2026-11-23');

/** One scheduler round, then the outbox drained; returns how many digest jobs the round stored. */
async function scan(): Promise<number> {
  const result = await fx().app.services.reminders.runOnce();
  await fx().drain();
  return result.other;
}

/** The digest cards a person got in personal chat (other messages, e.g. reminders, left out). */
function weeklyCardsTo(person: Person): string[] {
  return fx()
    .connector.sent()
    .filter((a) => a.conversationId === personalConversation(person) && a['attachments'])
    .map((a) => textOf(cardOf(a)))
    .filter((text) => text.startsWith('Veckans idéer'));
}

function channelMessages(): Array<Record<string, unknown>> {
  return fx()
    .connector.sent()
    .filter((a) => a.conversationId.startsWith(CHANNEL_ID));
}

const ENGLISH_CHANNEL = '19:english@thread.tacv2';

/** The giver mentions the bot in another channel of the team, in English Teams. */
async function inEnglishChannel(text: string): Promise<number> {
  const activity = message(`<at>Idéslussen</at> ${text}`, {
    serviceUrl: fx().connector.serviceUrl,
    user: GIVER,
    locale: 'en-US',
    conversationType: 'channel',
    conversationId: `${ENGLISH_CHANNEL};messageid=1`,
  });
  activity['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
  activity['channelData'] = { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: ENGLISH_CHANNEL, name: 'General' } };
  return (await fx().app.post('/api/messages', activity)).status;
}

function coachOf(idea: Idea): Person & { tenantId: string } {
  return { ...(idea.coach?.id === COACH.id ? COACH : COACH_2), tenantId: TENANT };
}

async function act(
  idea: Idea,
  who: Person & { tenantId: string },
  action: Parameters<ReturnType<typeof fx>['app']['services']['ideas']['act']>[3],
) {
  const result = await fx().app.services.ideas.act('default', idea.id, who, action);
  if (!result.ok) throw new Error(`${action.type} failed: ${JSON.stringify(result)}`);
}

describe('the weekly coach digest', () => {
  it('brings each coach one card on Monday at 08:00, and nothing more however often the scheduler runs', async () => {
    // The sluice's first scan records this week's round: its first digest is next Monday's.
    clock.set('2026-11-23', 10);
    await scan();
    clock.set('2026-11-24');
    const first = await fx().submit(GIVER, 'Tryggare gångtunnlar');
    const second = await fx().submit(GIVER, 'Lånecyklar för personal');
    const coach = coachOf(first);
    await act(first, coach, { type: 'take' });
    await act(first, coach, { type: 'askInfo', question: 'Vilka tunnlar tänker du på?' });
    await act(first, { ...GIVER, tenantId: TENANT }, { type: 'answerInfo', answer: 'Tunnlarna vid stationen.' });
    await fx().drain();
    fx().connector.reset();

    // Monday 30 November, 07:00: not yet.
    clock.set('2026-11-30', 7);
    expect(await scan()).toBe(0);
    expect(fx().connector.sent()).toHaveLength(0);

    clock.set('2026-11-30', 9);
    expect(await scan()).toBe(2);
    const toCoach = weeklyCardsTo(coach);
    const other = coach.id === COACH.id ? COACH_2 : COACH;
    const toOther = weeklyCardsTo(other);
    expect(toCoach).toHaveLength(1);
    expect(toOther).toHaveLength(1);
    for (const text of [toCoach[0], toOther[0]]) {
      expect(text).toContain('Nya idéer (2)');
      expect(text).toContain(`#${first.number} Tryggare gångtunnlar`);
      expect(text).toContain(`#${second.number} Lånecyklar för personal`);
    }
    expect(toCoach[0]).toContain('Svar som väntar på dig (1)');
    expect(toCoach[0]).toContain('Anna Lindqvist svarade: Tunnlarna vid stationen.');
    expect(toOther[0]).toContain('Svar som väntar på dig (0)');

    // Again the same day, and again with the round's record on the sluice lost (as after a crash
    // between queuing and recording): the jobs exist, so nothing new is queued or sent.
    fx().connector.reset();
    clock.set('2026-11-30', 15);
    expect(await scan()).toBe(0);
    const sluice = (await fx().app.storage.sluices.get('default'))!;
    expect(sluice.value.digestsQueued?.weekly).toBe('2026-11-30');
    await fx().app.storage.sluices.replace({ ...sluice.value, digestsQueued: {} }, sluice.etag);
    expect(await scan()).toBe(0);
    expect(weeklyCardsTo(COACH)).toHaveLength(0);
    expect(weeklyCardsTo(COACH_2)).toHaveLength(0);
    expect((await fx().app.storage.sluices.get('default'))!.value.digestsQueued?.weekly).toBe('2026-11-30');
  });
});

describe('two schedulers at once', () => {
  it('queue one weekly digest per coach between them', async () => {
    fx().connector.reset();
    clock.set('2026-12-07', 9);
    const [a, b] = await Promise.all([fx().app.services.reminders.runOnce(), fx().app.services.reminders.runOnce()]);
    expect(a.other + b.other).toBe(2);
    await fx().drain();
    expect(weeklyCardsTo(COACH)).toHaveLength(1);
    expect(weeklyCardsTo(COACH_2)).toHaveLength(1);
  });
});

describe('subscribing a channel to the monthly digest', () => {
  it('subscribes and unsubscribes with "prenumerera" / "avsluta prenumeration", and explains itself elsewhere', async () => {
    clock.set('2026-12-07');
    fx().connector.reset();
    const answers = async (text: string): Promise<string> => {
      fx().connector.reset();
      expect(await fx().sayInChannel(GIVER, text)).toBeLessThan(300);
      const sent = channelMessages();
      expect(sent).toHaveLength(1);
      return String(sent[0]?.['text']);
    };
    expect(await answers('prenumerera')).toBe('Den här kanalen får nu "Vad hände med våra idéer?" en gång i månaden.');
    expect(await answers('prenumerera')).toBe('Den här kanalen prenumererar redan på månadens sammanfattning.');
    expect((await fx().app.storage.sluices.get('default'))!.value.digestSubscriptions).toEqual([
      expect.objectContaining({ conversationId: CHANNEL_ID, tenantId: TENANT, locale: 'sv', subscribedBy: GIVER.id }),
    ]);
    expect(await answers('avsluta prenumeration')).toBe('Den här kanalen får inte längre månadens sammanfattning.');
    expect(await answers('unsubscribe')).toBe('Den här kanalen prenumererar inte på månadens sammanfattning.');
    expect((await fx().app.storage.sluices.get('default'))!.value.digestSubscriptions).toEqual([]);
    expect(await answers('subscribe.')).toBe('Den här kanalen får nu "Vad hände med våra idéer?" en gång i månaden.');

    fx().connector.reset();
    await fx().say(COACH, 'prenumerera');
    expect(
      fx()
        .connector.sent()
        .map((a) => a['text']),
    ).toEqual(['Prenumerera i en kanal i ett team: nämn **@Idéslussen prenumerera** där.']);
  });
});

describe('the monthly outcome digest', () => {
  it('tells the subscribed channel on the first working day what was tested, implemented and closed last month', async () => {
    clock.set('2026-12-07');
    const tested = await fx().submit(GIVER, 'Digitala kulturkvällar');
    const implemented = await fx().submit(GIVER, 'Simskola på lovet');
    const closed = await fx().submit(GIVER, 'Egen app för matsedeln');
    for (const idea of [tested, implemented, closed]) await act(idea, coachOf(idea), { type: 'take' });
    await act(tested, coachOf(tested), { type: 'advance' });
    await act(implemented, coachOf(implemented), { type: 'advance' });
    await act(implemented, coachOf(implemented), { type: 'advance' });
    await act(implemented, coachOf(implemented), {
      type: 'advance',
      effects: [{ forWhom: 'Barn i åk 3', change: 'fler kan simma', amount: 40, unit: 'barn' }],
    });
    await act(closed, coachOf(closed), { type: 'decline', reason: 'Matsedeln finns redan i skolans app.' });
    await fx().drain();

    // 1 January 2027 is a holiday (Friday): the digest about December comes on Monday 4 January.
    clock.set('2027-01-01', 9);
    await scan();
    // A second channel subscribes in English Teams.
    expect(await inEnglishChannel('subscribe')).toBeLessThan(300);
    fx().connector.reset();
    clock.set('2027-01-04', 9);
    // Both coaches' weekly cards and the two channels' monthly ones.
    expect(await scan()).toBe(4);
    const posted = channelMessages();
    expect(posted).toHaveLength(1);
    const text = textOf(cardOf(posted[0]));
    expect(text).toContain('Vad hände med våra idéer?');
    expect(text).toContain('Så här gick det för idéerna i');
    expect(text).toContain('december 2026');
    // Each idea's line opens it in the team tab (here, without the Teams app's id, the tab's address).
    const linkTo = (idea: { id: string }): string => `(${fx().app.url}/tab/index.html#/board?idea=${idea.id})`;
    expect(text).toContain(`Infördes (1)\n[#${implemented.number} Simskola på lovet]${linkTo(implemented)}`);
    expect(text).toContain('Effekt: Barn i åk 3: fler kan simma (40 barn)');
    expect(text).toContain(`Testades (1)\n[#${tested.number} Digitala kulturkvällar]${linkTo(tested)}`);
    expect(text).toContain(`Avslutades (1)\n[#${closed.number} Egen app för matsedeln]${linkTo(closed)}`);
    expect(text).toContain('Varför: Matsedeln finns redan i skolans app.');
    expect(text).not.toContain('Tryggare gångtunnlar');
    const english = fx()
      .connector.sent()
      .filter((a) => a.conversationId.startsWith(ENGLISH_CHANNEL));
    expect(english).toHaveLength(1);
    const englishText = textOf(cardOf(english[0]));
    expect(englishText).toContain('What happened to our ideas?');
    expect(englishText).toContain('December 2026');
    expect(englishText).toContain(`Implemented (1)\n[#${implemented.number} Simskola på lovet]`);

    fx().connector.reset();
    clock.set('2027-01-05', 9);
    expect(await scan()).toBe(0);
    expect(channelMessages()).toHaveLength(0);
  });
});
