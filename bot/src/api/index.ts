import path from 'node:path';
import type { Server } from 'restify';
import type { Config } from '../config';
import { IdeaQueries } from '../domain/idea-queries';
import type { IdeaService } from '../domain/idea-service';
import type { IdeaRepository, SluiceRepository } from '../domain/ports';
import type { Logger } from '../logger';
import { createApiAuth, type ApiAuth } from './auth/authenticate';
import { guarded, sendJson } from './http';
import { openApiDocument } from './openapi';
import { registerDevRoutes } from './routes/dev';
import { registerIdeaRoutes } from './routes/ideas';

export interface ApiDeps {
  readonly config: Pick<Config, 'env' | 'entra' | 'publicBaseUrl'>;
  readonly logger: Logger;
  readonly ideas: IdeaService;
  readonly repositories: { readonly ideas: IdeaRepository; readonly sluices: SluiceRepository };
}

/** What the API hands back to the app: its token checking (tests reach the local issuer through it). */
export interface ApiRoutes {
  readonly auth: ApiAuth;
}

/**
 * Adds the tab's REST API under `/api/`: the OpenAPI document, the pipeline routes (every one
 * behind the bearer-token check) and, on local runs only, the local token issuer.
 */
export async function registerApiRoutes(server: Server, deps: ApiDeps): Promise<ApiRoutes> {
  const { config, logger } = deps;
  const queries = new IdeaQueries(deps.repositories.ideas, deps.repositories.sluices);
  // The local issuer names itself after the address the server ends up listening on.
  const auth = await createApiAuth(config, () => `${config.publicBaseUrl ?? listeningUrl(server)}/api/dev`);
  const document = openApiDocument({ local: auth.mode === 'local' });

  server.get(
    '/api/openapi.json',
    guarded(logger, async (_req, res) => {
      sendJson(res, 200, document);
    }),
  );
  registerIdeaRoutes(server, { auth, queries, logger, ideas: deps.ideas });
  if (auth.localIssuer) {
    registerDevRoutes(server, {
      issuer: auth.localIssuer,
      queries,
      logger,
      searchDirs: [process.cwd(), projectRoot()],
    });
    logger.info('No Entra settings: the tab API accepts tokens from the local issuer (POST /api/dev/token)');
  }
  return { auth };
}

function listeningUrl(server: Server): string {
  const address = server.address();
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The folder with package.json, from the source tree (bot/src/api) or the build (dist/bot/src/api). */
function projectRoot(): string {
  const fromSource = path.resolve(__dirname, '../../..');
  return path.basename(fromSource) === 'dist' ? path.dirname(fromSource) : fromSource;
}
