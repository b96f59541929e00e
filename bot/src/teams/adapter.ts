import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { applyLocaleOverride, incoming } from './activity';
import { t } from './strings';

/**
 * The Bot Framework adapter. With credentials configured every incoming request must carry a
 * valid Bot Framework token; without them (local only — config refuses production) it does not.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.bot
      ? {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword ?? '',
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.tenantId ?? '',
        }
      : {},
  );
  if (!config.bot) logger.warn('No MicrosoftAppId: Bot Framework authentication is OFF (local development only)');
  const adapter = new CloudAdapter(auth);
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
