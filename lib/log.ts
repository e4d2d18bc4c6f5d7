import pino from 'pino';
import { rawEnv } from '@/lib/env';

/**
 * Structured JSON logs. Anything that looks like a credential is redacted by path, so a stray
 * `log.info({ config })` cannot print a secret (invariant 6). `LOG_FILE` sends them to a file instead of stdout
 * (appending, synchronously): the integration run does that to scan every log line for secrets afterwards.
 */
const destination = rawEnv().LOG_FILE
  ? pino.destination({ dest: rawEnv().LOG_FILE, append: true, mkdir: true, sync: true })
  : undefined;

export const log = pino(
  {
    level: rawEnv().LOG_LEVEL ?? 'info',
    base: { service: rawEnv().HUIBAN_SERVICE ?? 'huiban' },
    redact: {
      paths: [
        '*.password',
        '*.passwordHash',
        '*.secret',
        '*.secrets',
        '*.clientSecret',
        '*.appSecret',
        '*.accessToken',
        '*.token',
        '*.aesKey',
        '*.systemToken',
        '*.authorization',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  },
  destination,
);

export type Logger = typeof log;
