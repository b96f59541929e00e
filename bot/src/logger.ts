import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs (pino) that carry the detail users never see; secrets are redacted. */
export function createLogger(level: string, name = 'ideslussen'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.MicrosoftAppPassword', '*.COSMOS_KEY', 'token'],
      censor: '[redacted]',
    },
  });
}
