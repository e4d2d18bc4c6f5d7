import { z } from 'zod';

// Empty strings count as unset (`FOO=` in .env), as in t3's createEnv.
const str = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : v),
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]),
  );
const url = (fallback: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.url({ protocol: /^https?$/ }));
const int = (fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.coerce.number().int().positive());

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    ),
    APP_URL: url('http://localhost:3000'),
    /** Demo mode: seeded accounts with known passwords and the sandbox simulator instead of DingTalk. */
    HUIBAN_DEMO: bool(false),
    /** base64 of 32 random bytes; encrypts connector secrets (AES-256-GCM). */
    HUIBAN_SECRETS_KEY: str(),
    NEXTAUTH_SECRET: str(),
    HUIBAN_ADMIN_EMAIL: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
    HUIBAN_ADMIN_PASSWORD: str(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DINGTALK_API_BASE: url('https://api.dingtalk.com'),
    DINGTALK_OAPI_BASE: url('https://oapi.dingtalk.com'),
    DINGTALK_LOGIN_BASE: url('https://login.dingtalk.com'),
    YIDA_API_BASE: url('https://api.dingtalk.com'),
    /** DingTalk app used for "sign in with DingTalk"; the provider is offered only when both are set. */
    DINGTALK_LOGIN_CLIENT_ID: str(),
    DINGTALK_LOGIN_CLIENT_SECRET: str(),
    STORAGE_DIR: z.string().default('.data/storage'),
    WORKER_HEARTBEAT_STALE_SECONDS: int(150),
  })
  .superRefine((env, ctx) => {
    // Invariant 6: production never runs on a generated key; demo mode is the one explicit exception.
    if (env.NODE_ENV === 'production' && !env.HUIBAN_DEMO) {
      for (const key of ['HUIBAN_SECRETS_KEY', 'NEXTAUTH_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
    if (env.HUIBAN_SECRETS_KEY && Buffer.from(env.HUIBAN_SECRETS_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['HUIBAN_SECRETS_KEY'], message: 'must be base64 of 32 bytes' });
    }
  });

export type Env = z.infer<typeof schema>;

/** Validates an environment; throws one readable error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
