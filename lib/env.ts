import { z } from 'zod';
import { parseTrustedProxies } from '@/lib/client-ip';

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

/**
 * Attachment storage: a local directory (default) or an S3-compatible bucket. Kept as its own schema so the
 * storage module can read it without the rest of the environment (tests and tools have no DATABASE_URL).
 */
const storageFields = {
  STORAGE_DRIVER: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['local', 's3']).default('local')),
  STORAGE_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('.data/storage')),
  /** Endpoint of an S3-compatible service (MinIO, OSS, COS, R2…); unset = AWS S3 for S3_REGION. */
  S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('us-east-1')),
  S3_BUCKET: str(),
  /** Unset: the AWS SDK's default credential chain (instance role, AWS_* variables…). */
  S3_ACCESS_KEY_ID: str(),
  S3_SECRET_ACCESS_KEY: str(),
  /** `bucket` in the path instead of the host name (MinIO and most self-hosted services need this). */
  S3_FORCE_PATH_STYLE: bool(false),
  /** Multipart part size; memory per upload is about part size × S3_UPLOAD_QUEUE_SIZE. Minimum 5 (S3's floor). */
  S3_PART_SIZE_MB: z.preprocess(
    (v) => (v === '' || v === undefined ? 8 : v),
    z.coerce.number().int().min(5).max(512),
  ),
  S3_UPLOAD_QUEUE_SIZE: int(2),
};

function refineStorage(
  env: { STORAGE_DRIVER: 'local' | 's3'; S3_BUCKET?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET)
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when STORAGE_DRIVER=s3' });
}

const storageSchema = z.object(storageFields).superRefine(refineStorage);

export type StorageEnv = z.infer<typeof storageSchema>;

/** Only the storage variables, validated (one readable error listing every bad variable). */
export function parseStorageEnv(source: Record<string, string | undefined>): StorageEnv {
  const result = storageSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid storage environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    ),
    /** Public URL of the web app. Required in production: links, NEXTAUTH_URL and the Secure cookie follow it. */
    APP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
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
    /** Corp(s) whose people may sign in with DingTalk besides the corps of configured connectors (comma list). */
    DINGTALK_LOGIN_CORP_IDS: str(),
    /** Proxies whose X-Forwarded-For entries are believed (IPs/CIDRs, comma list); see lib/security/client-ip.ts. */
    TRUSTED_PROXIES: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .optional()
        .superRefine((value, ctx) => {
          try {
            parseTrustedProxies(value);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        }),
    ),
    /**
     * Outbound URLs (subscriptions, automation webhooks, connector hosts): loopback is refused unless this is
     * true (default: true outside production and in demo mode, where the sandbox runs on 127.0.0.1).
     */
    OUTBOUND_ALLOW_LOOPBACK: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['true', 'false']).optional(),
    ),
    /** Outbound allow-list (host names, IPs or CIDRs, comma list): when set, nothing else is reached. */
    OUTBOUND_ALLOWED_HOSTS: str(),
    /** Bearer token for /api/health's details (anonymous callers get only ok|degraded|down). */
    HEALTH_TOKEN: str(),
    ...storageFields,
    WORKER_HEARTBEAT_STALE_SECONDS: int(150),
    /** DingTalk Stream reconnect backoff: first delay, doubled per failure (± 20 % jitter) up to the cap. */
    DINGTALK_STREAM_RECONNECT_INITIAL_MS: int(1000),
    DINGTALK_STREAM_RECONNECT_MAX_MS: int(60_000),
    /** A connector whose last reconciliation repaired more than this % of what it looked at goes `degraded`. */
    RECONCILE_DRIFT_DEGRADED_PERCENT: int(20),
    /** DingTalk's cap of work notices per person per day (§11; 500 for internal apps). Huiban stops short of it. */
    DINGTALK_NOTICE_DAILY_LIMIT: int(500),
    /** Work notices per DingTalk app per calendar month Huiban allows itself (the push quota, UNCONFIRMED: 3 000 or 5 000). */
    DINGTALK_NOTICE_MONTHLY_QUOTA: int(3000),
    /** The company name at the head of a printed approval (审批单) and its PDF; unset = the app's name. */
    HUIBAN_COMPANY_NAME: str(),
    /**
     * A CJK font file for the approval PDF (TTF, OTF or a TTC collection), embedded as a subset. Default: Debian's
     * fonts-noto-cjk (the Dockerfile and CI install it).
     */
    PDF_FONT_PATH: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    ),
    /** The face inside a TTC collection (its PostScript name); ignored for a single TTF/OTF. */
    PDF_FONT_FACE: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().default('NotoSansCJKsc-Regular'),
    ),
    /** Port of the ingest listener (`npm run ingest`): the inbound callback routes on a process of their own. */
    INGEST_PORT: int(3100),
  })
  .superRefine((env, ctx) => {
    refineStorage(env, ctx);
    // Invariant 6: production never runs without its own keys and public URL, demo mode included.
    if (env.NODE_ENV === 'production') {
      for (const key of ['HUIBAN_SECRETS_KEY', 'NEXTAUTH_SECRET', 'APP_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
    if (env.HUIBAN_SECRETS_KEY && Buffer.from(env.HUIBAN_SECRETS_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['HUIBAN_SECRETS_KEY'], message: 'must be base64 of 32 bytes' });
    }
  });

export type Env = Omit<z.infer<typeof schema>, 'APP_URL'> & { APP_URL: string };

/** Validates an environment; throws one readable error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return { ...result.data, APP_URL: result.data.APP_URL ?? 'http://localhost:3000' };
}

/**
 * The URL next-auth builds its callbacks from: NEXTAUTH_URL if set, else APP_URL. Every process that serves
 * next-auth gets it from here (scripts/dev.ts, compose's `web`), so sessions and the Secure cookie follow the
 * public URL and never fall back to next-auth's http://localhost:3000.
 */
export function nextAuthUrl(source: Record<string, string | undefined> = process.env): string | undefined {
  const value = source.NEXTAUTH_URL || source.APP_URL;
  return value || undefined;
}

/**
 * The drift rate (percent) above which a connector's health is `degraded`; read without validating the whole
 * environment, like displayTimeZone (the health query also runs in tools and tests).
 */
export function reconcileDriftDegradedPercent(
  source: Record<string, string | undefined> = process.env,
): number {
  const value = Number(source.RECONCILE_DRIFT_DEGRADED_PERCENT);
  return Number.isFinite(value) && value > 0 ? value : 20;
}

/** Whether the public URL is https: session cookies are then Secure (`__Secure-`) and HSTS is sent. */
export function isHttpsAppUrl(source: Record<string, string | undefined> = process.env): boolean {
  return (nextAuthUrl(source) ?? '').startsWith('https://');
}

/**
 * Whether this process runs in demo mode (HUIBAN_DEMO), for the UI's banner. Read without validating the whole
 * environment: the root layout also renders while `next build` prerenders, where no DATABASE_URL exists.
 */
export function isDemoMode(source: Record<string, string | undefined> = process.env): boolean {
  return source.HUIBAN_DEMO === 'true' || source.HUIBAN_DEMO === '1';
}

let cached: Env | undefined;

/** The validated process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The raw process environment, for the few readers that must work without the whole validated one: logging
 * and storage load before DATABASE_URL is known, and tests and tools run without it. Reading through here keeps
 * every configuration read in this module (CI checks it); everything else uses env().
 */
export function rawEnv(): Record<string, string | undefined> {
  return process.env;
}

/** IANA zone every date and time in the UI is shown in (HUIBAN_TIME_ZONE; China time unless configured). */
export function displayTimeZone(source: Record<string, string | undefined> = process.env): string {
  const zone = source.HUIBAN_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`Invalid environment:\n  HUIBAN_TIME_ZONE: unknown time zone "${zone}"`);
  }
  return zone;
}

/** Limits the task notices keep to (DINGTALK_NOTICE_DAILY_LIMIT, DINGTALK_NOTICE_MONTHLY_QUOTA). */
export function noticeLimits(source: Record<string, string | undefined> = process.env): {
  dailyPerUser: number;
  monthlyPerApp: number;
} {
  const positive = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    dailyPerUser: positive(source.DINGTALK_NOTICE_DAILY_LIMIT, 500),
    monthlyPerApp: positive(source.DINGTALK_NOTICE_MONTHLY_QUOTA, 3000),
  };
}

/**
 * The company-local hour (0–23) a user's daily digest goes out when they chose none (DIGEST_HOUR, default 9;
 * docs/reminders.md). An unusable value falls back to 9.
 */
export function defaultDigestHour(source: Record<string, string | undefined> = process.env): number {
  const v = source.DIGEST_HOUR;
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 0 && n <= 23 ? n : 9;
}

/**
 * The reminder before due for tasks whose process has no SLA but which carry a due time from their source (an
 * open-API `dueAt`, a local step's `dueHours`; docs/sla.md): the share of the time (percent, 1–99) at which the
 * approver is reminded. DUE_REMINDER_PERCENT, default 80; 0 turns it off (null).
 */
export function dueReminderPercent(source: Record<string, string | undefined> = process.env): number | null {
  const v = source.DUE_REMINDER_PERCENT;
  const n = Number(v);
  if (v === '0') return null;
  return v && Number.isInteger(n) && n >= 1 && n <= 99 ? n : 80;
}
