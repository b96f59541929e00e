/**
 * The comment rate limit seen from a card: the 51st comment in a minute from one person, sent with
 * Kommentera, is answered with the card and a line saying how long to wait, and is not stored;
 * concurrent submits from cards let no more through than the limit. Through the bot's endpoint and
 * the embedded Cosmos, on a clock the test holds still.
 */
import type { Clock } from '../../../bot/src/domain/clock';
import { RATE_LIMIT } from '../../../bot/src/domain/comments/comment';
import { COACH, TENANT } from '../../../bot/src/local/activities';
import { renderIdeaSharedCard } from '../../../bot/src/teams/cards/idea-shared-card';
import { COMMENT_VERB, INPUT_IDS } from '../../../bot/src/teams/coach/verbs';
import { validateCard } from '../../helpers/cards';
import { actionData, answeredCard, startCoachFixture, textOf, type CoachFixture } from '../coach/fixture';

// Ten seconds into a minute: the whole test stays inside it.
const nowMs = Date.parse('2026-11-04T10:15:10.000Z');
const clock: Clock = { now: () => new Date(nowMs) };
const WRITER = { id: '61e00000-0000-4000-8000-0000000000f1', name: 'Sara Nyström' };

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture({}, undefined, { clock });
});
afterAll(() => fx?.close());

it('slows down the 51st comment in a minute sent from a card, with how long to wait, and stores nothing more', async () => {
  const idea = await fx.submit(undefined, 'Cykelverkstad för personalen');
  const sluice = (await fx.app.services.ideas.sluiceFor(TENANT))!.value;
  const data = actionData(renderIdeaSharedCard('sv', idea, sluice), COMMENT_VERB);
  const where = { conversationId: '19:rate-limit@thread.v2' };
  // 60 different comments at once from the same card; each has its own text, so none is a repeat.
  const answers = await Promise.all(
    Array.from({ length: RATE_LIMIT + 10 }, (_, i) =>
      fx.click(WRITER, COMMENT_VERB, { ...data, [INPUT_IDS.newComment]: `Förslag ${i}` }, where),
    ),
  );
  const texts = answers.map((a) => textOf(answeredCard(a)));
  expect(texts.filter((t) => t.includes('Din kommentar är sparad'))).toHaveLength(RATE_LIMIT);
  const slowed = answers.filter((a) => textOf(answeredCard(a)).includes('Vänta 50 sekunder och försök igen'));
  expect(slowed).toHaveLength(10);
  validateCard(answeredCard(slowed[0]!));
  const listed = await fx.app.services.comments.list(
    { person: { ...COACH, tenantId: TENANT }, sluiceId: idea.sluiceId, isCoach: true },
    idea.id,
  );
  expect(listed.ok && listed.comments).toHaveLength(RATE_LIMIT);
});
