/**
 * "borta till …" / "away until …" and "tillbaka" / "back" in a coach's personal chat, through the
 * bot's real endpoint and a recording connector, with the app's one clock moved.
 */
import { COACH, COACH_2, GIVER } from '../../../bot/src/local/activities';
import { personalConversation, sentTo } from '../coach/fixture';
import { reminderSuite } from './clock';

// Tuesday 1 December 2026, 10:00 in Stockholm.
const { clock, fx } = reminderSuite('2026-12-01');

async function say(person: typeof COACH, text: string, locale?: string): Promise<string> {
  fx().connector.reset();
  expect(await fx().say(person, text, locale ? { locale } : {})).toBe(200);
  const replies = sentTo(fx(), personalConversation(person));
  expect(replies).toHaveLength(1);
  return String(replies[0]?.['text']);
}

async function awayUntil(id: string): Promise<string | undefined> {
  return (await fx().app.storage.sluices.get('default'))!.value.coaches.find((c) => c.id === id)?.awayUntil;
}

describe('a coach says they are away', () => {
  it('stores the day they are back, names who covers, and round-robin skips them until then', async () => {
    const reply = await say(COACH, 'borta till 24 december');
    expect(reply).toBe(
      `Okej! Du är borta till och med 23 december 2026. Nya idéer går till andra idécoacher och ${COACH_2.name} täcker upp för dina. Det slutar av sig självt 24 december 2026.`,
    );
    expect(await awayUntil(COACH.id)).toBe('2026-12-24');
    const ideas = [await fx().submit(GIVER, 'Fler laddplatser'), await fx().submit(GIVER, 'Tystare matsal')];
    expect(ideas.map((i) => i.coach?.id)).toEqual([COACH_2.id, COACH_2.id]);

    // It ends by itself on the day: the next idea may go to the coach again.
    clock.set('2026-12-24');
    const after = [await fx().submit(GIVER, 'Cykelpool'), await fx().submit(GIVER, 'Boklåda')];
    expect(after.map((i) => i.coach?.id)).toContain(COACH.id);
  });

  it('ends the absence on "tillbaka", and reads English and ISO dates', async () => {
    clock.set('2026-12-01');
    expect(await say(COACH, 'away until 2027-01-10', 'en-US')).toContain('It ends by itself on 10 January 2027.');
    expect(await awayUntil(COACH.id)).toBe('2027-01-10');
    expect(await say(COACH, 'Tillbaka!')).toBe('Välkommen tillbaka! Du får nya idéer igen.');
    expect(await awayUntil(COACH.id)).toBeUndefined();
  });

  it.each([
    ['borta till 31 februari', 'Jag förstod inte datumet'],
    ['borta till 2026-11-30', 'Det datumet har redan varit'],
    ['borta till 2026-12-01', 'Det datumet har redan varit'],
    ['borta till 2028-01-10', 'Du kan vara borta högst ett år framåt'],
  ])('answers "%s" plainly and stores nothing', async (text, answer) => {
    clock.set('2026-12-01');
    expect(await say(COACH, text)).toContain(answer);
    expect(await awayUntil(COACH.id)).toBeUndefined();
  });

  it('tells someone who is no coach that only coaches can be away, and lets "back" from them through to the idea chat', async () => {
    expect(await say(GIVER, 'borta till 10 januari')).toContain('Bara idécoacher kan säga att de är borta.');
    expect(await say(GIVER, 'tillbaka')).not.toContain('Välkommen tillbaka');
  });
});
