import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { IdeaService } from '../../domain/idea-service';
import type { PersonalDataService } from '../../domain/personal-data-service';
import type { Logger } from '../../logger';
import { incoming, singleLine } from '../activity';
import { normaliseCommand } from '../capture/commands';
import { asAttachment } from '../cards/render';
import { renderMyDataCard } from '../cards/my-data-card';
import type { IdeaLinks } from '../deep-links';
import { myDataText } from './strings';

/** What a person writes to see their own data (GDPR art. 15), compared after normalising; both languages work in either. */
const MY_DATA_WORDS = new Set([
  'mina uppgifter',
  'visa mina uppgifter',
  'mina personuppgifter',
  'visa mina personuppgifter',
  'min data',
  'mina data',
  'registerutdrag',
  'mitt registerutdrag',
  'vad vet du om mig',
  'vad vet ni om mig',
  'vad har du sparat om mig',
  'vad har ni sparat om mig',
  'my data',
  'show my data',
  'my personal data',
  'show my personal data',
  'my information',
  'what do you know about me',
  'what have you stored about me',
  'what do you store about me',
]);

/** Whether a message asks for the person's own data ("mina uppgifter", "my data", "vad vet ni om mig?" …). */
export function isMyDataCommand(text: string): boolean {
  return MY_DATA_WORDS.has(normaliseCommand(singleLine(text)).replace(/[?]+$/, '').trim());
}

export interface MyDataDependencies {
  readonly ideas: Pick<IdeaService, 'sluiceFor'>;
  readonly personalData: Pick<PersonalDataService, 'summaryOf'>;
  /** "Öppna Mina uppgifter": the tab's page; without it the card has no button. */
  readonly links?: Pick<IdeaLinks, 'toPage'>;
  readonly logger: Logger;
}

/**
 * "mina uppgifter" / "my data" in chat: a card with how many items of each kind the registry of
 * personal data holds about the sender, and "Öppna Mina uppgifter" to the tab's page. Read and
 * logged as `exportMyData` is ({@link PersonalDataService.summaryOf}); the activity's id keys the
 * audit entry, so a redelivered message writes nothing more. It is answered in the personal chat
 * only: in a channel or group chat the bot says so and shows nothing, as others read along there.
 * Handled before idea capture, so the words are never taken as an answer to a question of a draft.
 */
export class MyDataCommand {
  constructor(private readonly deps: MyDataDependencies) {}

  /** Handles the message when it is the command; false when it is not. */
  async handle(context: TurnContext): Promise<boolean> {
    if (context.activity.type !== 'message') return false;
    const { text, locale, person, tenantId, conversationKind } = incoming(context);
    if (!isMyDataCommand(text)) return false;
    if (conversationKind !== 'personal') {
      await context.sendActivity(myDataText(locale, 'myData.personal'));
      return true;
    }
    // The bot's edge has made sure a message names its sender in a tenant.
    if (!person || !tenantId) return false;
    const sluice = await this.deps.ideas.sluiceFor(tenantId);
    if (!sluice) {
      await context.sendActivity(myDataText(locale, 'myData.noSluice'));
      return true;
    }
    const requestKey = context.activity.id ?? randomUUID();
    const summary = await this.deps.personalData.summaryOf(sluice.value, person, requestKey);
    this.deps.logger.info({ sluiceId: sluice.value.id, items: summary.items.length }, 'A person read their own data in chat');
    await context.sendActivity({ attachments: [asAttachment(renderMyDataCard(locale, summary, this.deps.links))] });
    return true;
  }
}
