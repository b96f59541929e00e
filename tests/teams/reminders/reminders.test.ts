/**
 * Reminders and escalation through the bot's real outbox and a recording Bot Framework
 * connector, with the app's one clock moved: once per breach, to the right person, every card
 * validated with the official Adaptive Cards parser.
 */
import { withAbsence } from '../../../bot/src/domain/reminders/absence';
import { COACH, COACH_2, GIVER } from '../../../bot/src/local/activities';
import { cardOf, personalConversation, sentTo, textOf } from '../coach/fixture';
import { reminderSuite } from './clock';

// Monday 23 November 2026, 10:00 in Stockholm.
const { clock, fx } = reminderSuite('2026-11-23');

// These tests are about reminders: the Monday digests (tests/teams/reminders/digests.test.ts) are
// recorded as sent for every round to come, so the scans here send reminders only.
beforeAll(async () => {
  const sluice = (await fx().app.storage.sluices.get('default'))!;
  await fx().app.storage.sluices.replace({ ...sluice.value, digestsQueued: { weekly: '9999-12-31', monthly: '9999-12' } }, sluice.etag);
});

async function scan(): Promise<number> {
  const result = await fx().app.services.reminders.runOnce();
  await fx().drain();
  return result.events;
}

function textsTo(person: { id: string; name: string }): string[] {
  return sentTo(fx(), personalConversation(person)).map((a) => (a['attachments'] ? textOf(cardOf(a)) : String(a['text'])));
}

describe('an idea nobody takes', () => {
  it('reminds its coach once after 5 working days, then escalates once to the backup at 1.5 times', async () => {
    clock.set('2026-11-23');
    const idea = await fx().submit();
    await fx().drain();
    const coach = idea.coach?.id === COACH.id ? COACH : COACH_2;
    const backup = coach === COACH ? COACH_2 : COACH;
    fx().connector.reset();

    // Monday 30 Nov: 5 working days have passed, which is within the limit.
    clock.set('2026-11-30', 12);
    expect(await scan()).toBe(0);
    expect(fx().connector.sent()).toHaveLength(0);

    // Tuesday 1 Dec, 09:00: the 6th working day.
    clock.set('2026-12-01', 9);
    expect(await scan()).toBe(1);
    const reminder = textsTo(coach);
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain('Har väntat 6 arbetsdagar (gräns 5)');
    expect(reminder[0]).toContain('Försenad: 1 arbetsdag över gränsen (6 av 5)');
    expect(textsTo(backup)).toHaveLength(0);

    // Scanning again, later the same day, sends nothing more.
    fx().connector.reset();
    clock.set('2026-12-01', 15);
    expect(await scan()).toBe(0);
    expect(fx().connector.sent()).toHaveLength(0);

    // Thursday 3 Dec: 8 working days > 7.5: the backup (and admins other than the coach) are told.
    clock.set('2026-12-03', 9);
    expect(await scan()).toBe(1);
    const escalation = textsTo(backup);
    expect(escalation).toHaveLength(1);
    expect(escalation[0]).toContain('Eskalering: Har väntat 8 arbetsdagar (gräns 5)');
    expect(textsTo(coach)).toHaveLength(0);

    fx().connector.reset();
    clock.set('2027-02-01', 9);
    expect(await scan()).toBe(0);
    expect(fx().connector.sent()).toHaveLength(0);
    const stored = await fx().idea(idea.id);
    expect(stored.value.history.filter((e) => e.kind === 'reminded' || e.kind === 'escalated')).toHaveLength(2);
    expect(stored.value.reminderDueAtMs).toBeUndefined();
  });
});

describe('a coach who is away', () => {
  it('gets no new ideas, and the backup gets the reminders for theirs', async () => {
    clock.set('2026-11-23');
    const first = await fx().submit(GIVER, 'Cykelställ vid skolan');
    const owner = first.coach?.id === COACH.id ? COACH : COACH_2;
    const other = owner === COACH ? COACH_2 : COACH;
    const sluice = await fx().app.storage.sluices.get('default');
    await fx().app.storage.sluices.replace(withAbsence(sluice!.value, owner.id, '2027-01-10')!, sluice!.etag);

    // Round-robin would give the next idea to `other`, and the one after to `owner`: not now.
    const second = await fx().submit(GIVER, 'Lånecyklar för personal');
    const third = await fx().submit(GIVER, 'Gemensam bilpool');
    expect([second.coach?.id, third.coach?.id]).toEqual([other.id, other.id]);
    await fx().drain();
    fx().connector.reset();

    clock.set('2026-12-01', 9);
    await scan();
    // The card of that idea (other cards name it among their similar ideas).
    const toOther = textsTo(other).filter((t) => t.split('\n')[1] === 'Cykelställ vid skolan');
    expect(toOther).toHaveLength(1);
    expect(toOther[0]).toContain(`Påminnelse: Har väntat 6 arbetsdagar (gräns 5). ${owner.name} är borta, så du täcker upp.`);
    expect(textsTo(owner)).toHaveLength(0);
  });
});

describe('an unanswered question', () => {
  it('reminds the giver once after 10 working days and tells the coach', async () => {
    clock.set('2027-02-01');
    await scan(); // the earlier tests' ideas are long overdue by now
    const idea = await fx().submit(GIVER, 'Digitala kulturkvällar');
    const coach = idea.coach?.id === COACH.id ? COACH : COACH_2;
    const person = { ...coach, tenantId: idea.tenantId };
    expect((await fx().app.services.ideas.act('default', idea.id, person, { type: 'take' })).ok).toBe(true);
    expect(
      (await fx().app.services.ideas.act('default', idea.id, person, { type: 'askInfo', question: 'Vilka lokaler tänker du på?' })).ok,
    ).toBe(true);
    await fx().drain();
    fx().connector.reset();

    // Tuesday 16 Feb 2027 is the 11th working day after Monday 1 Feb.
    clock.set('2027-02-15', 12);
    expect(await scan()).toBe(0);
    clock.set('2027-02-16', 9);
    expect(await scan()).toBe(1);
    const toGiver = sentTo(fx(), personalConversation(GIVER));
    expect(toGiver).toHaveLength(2);
    expect(String(toGiver[0]?.['text'])).toContain('Frågan har väntat 11 arbetsdagar');
    expect(textOf(cardOf(toGiver[1]))).toContain('Vilka lokaler tänker du på?');
    const toCoach = textsTo(coach);
    expect(toCoach).toEqual([expect.stringContaining('Anna Lindqvist har inte svarat på din fråga om idé')]);

    fx().connector.reset();
    clock.set('2027-02-17', 9);
    expect(await scan()).toBe(0);
    expect(sentTo(fx(), personalConversation(GIVER))).toHaveLength(0);
  });
});
