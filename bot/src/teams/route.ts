import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';

/** Counts bot turns in flight so a shutdown can let them finish. */
export interface InFlight {
  drain(): Promise<void>;
}

/** `POST /api/messages`: hands each activity to the adapter (which checks Bot Framework tokens). */
export function registerBotRoute(server: Server, adapter: CloudAdapter, bot: ActivityHandler, logger: Logger): InFlight {
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
    running++;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
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
