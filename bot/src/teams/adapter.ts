import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorFactory,
  type ClaimsIdentity,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config';
import { RecentMap } from '../domain/recent-map';
import type { Logger } from '../logger';
import { applyLocaleOverride, incoming } from './activity';
import { createChannelTokenCheck } from './channel-token';
import { connectorClientOptions } from './send-budget';
import { t } from './strings';

/** What the Bot Framework's token check proved about a request (the library's own type). */
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** The only channel whose activities speak for a person: Microsoft Teams. */
export const TEAMS_CHANNEL = 'msteams';

/** Why an incoming activity was turned away before any bot code ran. */
export type GateOutcome =
  | { readonly ok: true; readonly authenticated: AuthenticateRequestResult }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly code: string; readonly message: string; readonly reason: string };

/**
 * The CloudAdapter, with its token check split from the turn, so the endpoint can answer a
 * forged token with 401 (never 500, never a stack trace) and refuse a channel other than Teams
 * with 403 after the token has proven who sent the activity, and before any bot code runs.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    private readonly authentication: ConfigurationBotFrameworkAuthentication,
    /** The token check; `local` without Bot Framework credentials under LOCAL_DEV (nothing checked), `none` refuses all. */
    private readonly checkToken: ReturnType<typeof createChannelTokenCheck> | 'local' | 'none',
  ) {
    super(authentication);
  }

  /** Checks the Bot Framework token of an incoming activity, and that it comes from Teams. */
  async admit(activity: Activity, authorization: string | undefined): Promise<GateOutcome> {
    if (this.checkToken === 'none')
      return refused('no Bot Framework credentials are configured (MicrosoftAppId or BOT_APPS), and LOCAL_DEV is not set');
    if (this.checkToken !== 'local') {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      if (!token) return refused(authorization ? 'not a bearer token' : 'no token');
      const check = await this.checkToken(token, activity);
      if (!check.ok && check.kind === 'unavailable')
        return {
          ok: false,
          status: 503,
          code: 'AuthUnavailable',
          message: 'The Bot Framework token cannot be checked right now.',
          reason: check.reason,
        };
      if (!check.ok) return refused(check.reason);
    }
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.authentication.authenticateRequest(activity, authorization ?? '');
    } catch (err) {
      return refused(reasonOf(err));
    }
    if (this.checkToken !== 'local' && activity.channelId !== TEAMS_CHANNEL)
      return {
        ok: false,
        status: 403,
        code: 'ChannelNotAllowed',
        message: 'This bot talks only through Microsoft Teams.',
        reason: `channel "${String(activity.channelId ?? '')}" is not ${TEAMS_CHANNEL}`,
      };
    return { ok: true, authenticated };
  }

  /** Runs the turn of an activity {@link admit} let in. */
  run(
    admitted: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(admitted, activity, logic);
  }
}

/**
 * The library's authentication, with one connector client per app, service URL and audience, and
 * one user token client per app, instead of new ones per turn: a client builds its whole HTTP
 * pipeline (and its credentials) when made, which was a tenth of what a reply cost. The turn's own
 * connector factory (the one `authenticateRequest` hands the adapter) and the one for proactive
 * messages share the kept clients. A client keeps no state of a turn; its credentials fetch and
 * renew their tokens themselves. A client that could not be made is not kept.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new RecentMap<string, Promise<ConnectorClient>>({ max: 200, maxAgeMs: CONNECTOR_CLIENT_MAX_AGE_MS });
  private readonly userTokenClients = new RecentMap<string, Promise<UserTokenClient>>({
    max: 20,
    maxAgeMs: CONNECTOR_CLIENT_MAX_AGE_MS,
  });

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.createConnectorFactory(result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const made = super.createConnectorFactory(claimsIdentity);
    const appId = appIdOf(claimsIdentity);
    const clients = this.clients;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return kept(clients, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => made.create(serviceUrl, audience));
      }
    })();
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return kept(this.userTokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/** The app the replies are signed as, found as the library finds it: the audience, else the app id claim. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** The client kept under `key`, else a new one from `make`, kept unless making it fails. */
function kept<T>(clients: RecentMap<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = clients.get(key);
  if (known) return known.value;
  const client = make();
  clients.set(key, client);
  client.catch(() => clients.delete(key));
  return client;
}

/** How long a connector client is used before a new one is made (its credentials with it). */
const CONNECTOR_CLIENT_MAX_AGE_MS = 60 * 60_000;

function refused(reason: string): GateOutcome {
  return { ok: false, status: 401, code: 'Unauthorized', message: 'The Bot Framework token was refused.', reason };
}

/** A short reason from the library's error, without its stack. */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').slice(0, 200) || 'the token was not accepted';
}

/**
 * The Bot Framework endpoints of the public cloud; only the key document's address can be changed
 * (tests). The credentials are not here: the bot's identities are the credentials factory.
 */
function authenticationOptions(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.bot?.openIdMetadataUrl) return {};
  // Setting one endpoint makes the library take all of them from here: these are its public-cloud defaults.
  return {
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
    CallerId: 'urn:botframework:azure',
  };
}

/** The bot's identities as the adapter needs them: the library's credentials factory, and every app id. */
export interface AdapterIdentities extends ServiceClientCredentialsFactory {
  readonly appIds: readonly string[];
}

/**
 * The Bot Framework adapter. With identities configured every incoming request must carry a valid
 * Bot Framework token from Teams for one of their app ids, and the replies of its turn are signed
 * as that app; without them (local only — config refuses production) nothing is checked.
 */
export function createAdapter(config: Config, logger: Logger, identities: AdapterIdentities | undefined): TeamsAdapter {
  if (config.bot && !identities?.appIds.length) throw new Error('The bot identities of the configuration were not given to the adapter');
  const checked = config.bot ? identities : undefined;
  const adapter = new TeamsAdapter(
    new ReusingBotFrameworkAuthentication(
      authenticationOptions(config),
      checked,
      undefined,
      undefined,
      connectorClientOptions(config.connector.timeoutMs),
    ),
    checked
      ? createChannelTokenCheck({
          appIds: checked.appIds,
          ...(config.bot?.openIdMetadataUrl ? { metadataUrl: config.bot.openIdMetadataUrl } : {}),
        })
      : config.localDev
        ? 'local'
        : 'none',
  );
  if (!checked && config.localDev)
    logger.warn('LOCAL_DEV without MicrosoftAppId or BOT_APPS: Bot Framework authentication is OFF (this machine only)');
  if (!checked && !config.localDev)
    logger.warn('No MicrosoftAppId, no BOT_APPS and no LOCAL_DEV=true: /api/messages refuses every activity');
  // Teams reads a message's text as markdown unless told otherwise; saying so explicitly makes
  // every client render **ja** as Teams does (Agents Playground shows the stars without it).
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_context, activities, nextSend) => {
      for (const activity of activities)
        if (activity.type === 'message' && activity.text && !activity.textFormat) activity.textFormat = 'markdown';
      return nextSend();
    });
    await next();
  });
  const override = config.localeOverride;
  if (override) {
    logger.warn({ locale: override }, 'LOCALE_OVERRIDE is set: every activity is treated as this language (local testing only)');
    adapter.use(async (context, next) => {
      applyLocaleOverride(context.activity, override);
      await next();
    });
  }
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ err: error, activityId: context.activity.id, type: context.activity.type }, 'Unhandled error in bot turn');
    // Invokes get their error through the invoke response; a message gets a plain apology.
    if (context.activity.type === 'message') {
      await context.sendActivity(t(incoming(context).locale, 'error.generic')).catch(() => undefined);
    }
  };
  return adapter;
}
