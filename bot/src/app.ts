import path from 'node:path';
import type { Server } from 'restify';
import type { Config } from './config';
import { openStorage, type Storage } from './adapters/cosmos/storage';
import { IdeaService } from './domain/idea-service';
import { systemClock, type Clock } from './domain/ports';
import { seedDefaultSluice } from './domain/sluice-setup';
import { createHttpServer } from './http/server';
import type { Logger } from './logger';
import { createAdapter } from './teams/adapter';
import { IdeaBot } from './teams/bot';
import { registerBotRoute } from './teams/route';

export interface App {
  readonly server: Server;
  readonly storage: Storage;
  readonly services: { readonly ideas: IdeaService };
  /** The address the server listens on, e.g. http://127.0.0.1:3978. */
  readonly url: string;
  /** Stops accepting requests, waits for turns in flight, flushes and closes storage. */
  stop(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  /** Where the built tab is; defaults to tab/dist beside the project. */
  readonly tabDir?: string;
}

/** Wires the whole server together and starts listening. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const storage = await openStorage(config, logger);
  await seedDefaultSluice(storage.sluices, config.defaultSluice, clock, logger);

  const ideas = new IdeaService(storage.ideas, storage.sluices, clock);
  const adapter = createAdapter(config, logger);
  const bot = new IdeaBot({ ideas, conversations: storage.conversations, logger, productName: config.defaultSluice?.name ?? 'Idéslussen' });

  const server = createHttpServer({
    logger,
    tabDir: options.tabDir ?? path.resolve(__dirname, '../../../tab/dist'),
    health: async () => {
      const ok = await storage.ping();
      return { ok, details: { storage: storage.kind } };
    },
  });
  const inFlight = registerBotRoute(server, adapter, bot, logger);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
  logger.info({ url, storage: storage.kind, botAuth: config.bot ? 'on' : 'off' }, 'Idéslussen is listening');

  let stopping: Promise<void> | undefined;
  return {
    server,
    storage,
    services: { ideas },
    url,
    stop: () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await inFlight.drain();
        await storage.close();
        logger.info('Idéslussen stopped');
      })();
      return stopping;
    },
  };
}
