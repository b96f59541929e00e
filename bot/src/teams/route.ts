import type { Activity, ActivityHandler } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { RejectionLog } from '../http/rejection-log';
import type { Logger } from '../logger';
import type { TeamsAdapter } from './adapter';

/** Counts bot turns in flight so a shutdown can let them finish. */
export interface InFlight {
  drain(): Promise<void>;
}

/**
 * `POST /api/messages`: the adapter checks the Bot Framework token and the channel first
 * (a refusal is 401/403 with one rate-limited warning, never a stack trace), then runs the turn.
 */
export function registerBotRoute(
  server: Server,
  adapter: TeamsAdapter,
  bot: ActivityHandler,
  logger: Logger,
  rejections: RejectionLog,
): InFlight {
  let running = 0;
  let waiters: Array<() => void> = [];
  server.post('/api/messages', async (req: Request, res: Response) => {
    if (
      typeof req.body !== 'object' ||
      req.body === null ||
      Array.isArray(req.body) ||
      typeof (req.body as { type?: unknown }).type !== 'string'
    ) {
      res.send(400, { code: 'BadRequest', message: 'The body must be a Bot Framework activity (a JSON object with a type).' });
      return;
    }
    const activity = withDates(req.body as Activity);
    const admission = await adapter.admit(activity, req.header('authorization') || undefined);
    if (!admission.ok) {
      rejections.refuse('Bot activity refused', {
        status: admission.status,
        code: admission.code,
        reason: admission.reason,
        correlationId: req.id(),
        channelId: typeof activity.channelId === 'string' ? activity.channelId.slice(0, 40) : undefined,
        activityType: activity.type.slice(0, 40),
      });
      res.send(admission.status, { code: admission.code, message: admission.message, correlationId: req.id() });
      return;
    }
    running++;
    try {
      const answer = await adapter.run(admission.authenticated, activity, (context) => bot.run(context));
      res.send(answer?.status ?? 200, answer?.body);
    } catch (err) {
      logger.error({ err, correlationId: req.id() }, 'Bot turn failed');
      if (!res.headersSent)
        res.send(500, { code: 'InternalError', message: 'The bot could not handle this activity.', correlationId: req.id() });
    } finally {
      running--;
      if (running === 0) {
        for (const w of waiters) w();
        waiters = [];
      }
    }
  });
  return {
    drain: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/** As the Bot Framework's own endpoint does: timestamps as dates, the raw text kept beside them. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}
