import pino from 'pino';

/**
 * Structured JSON logs. Anything that looks like a credential is redacted by path, so a stray
 * `log.info({ config })` cannot print a secret (invariant 6).
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.HUIBAN_SERVICE ?? 'huiban' },
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
});

export type Logger = typeof log;
