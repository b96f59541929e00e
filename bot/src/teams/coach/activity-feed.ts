import type { ActivityNotice, PersonReachPort } from '../../domain/directory';
import type { Idea } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import type { Logger } from '../../logger';

/** The activity types the manifest declares (`activities.activityTypes`). */
export type FeedActivity = ActivityNotice['activityType'];

const TEXTS: Record<Locale, Record<FeedActivity, (line: string) => string>> = {
  sv: {
    ideaTask: (line) => `Ny idé att ta hand om: ${line}`,
    ideaReminder: (line) => `Väntar på dig: ${line}`,
  },
  en: {
    ideaTask: (line) => `A new idea for you: ${line}`,
    ideaReminder: (line) => `Waiting for you: ${line}`,
  },
};

/**
 * Raises a Teams activity feed notification (the bell) beside a task card or reminder a coach
 * got in chat, through the directory ({@link PersonReachPort.notify}). Best effort: the card is
 * already in the chat, so a feed that cannot be raised is logged and nothing else happens.
 */
export class ActivityFeed {
  constructor(
    private readonly reach: PersonReachPort,
    /** Where a click in the feed leads: the idea in the app. */
    private readonly link: (idea: Idea) => string,
    private readonly logger: Logger,
  ) {}

  async notify(tenantId: string, personId: string, idea: Idea, activity: FeedActivity, locale: Locale): Promise<void> {
    const line = `#${idea.number} ${idea.title}`;
    const notice: ActivityNotice = {
      activityType: activity,
      previewText: TEXTS[locale][activity](line),
      webUrl: this.link(idea),
      topic: line,
      templateParameters: { idea: line },
    };
    try {
      const raised = await this.reach.notify(tenantId, personId, notice);
      if (!raised) this.logger.info({ tenantId, personId, activity }, 'No activity feed notification: the directory may not send it');
    } catch (err) {
      this.logger.warn({ err, tenantId, personId, activity }, 'Could not raise an activity feed notification; the card is in the chat');
    }
  }
}

/** The app's chat with the person (the `conversations` tab), where the card just went, as a Teams deep link. */
export function chatFeedLink(teamsAppId: string): string {
  return `https://teams.microsoft.com/l/entity/${teamsAppId}/conversations`;
}
