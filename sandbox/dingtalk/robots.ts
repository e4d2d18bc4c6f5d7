import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ControlError, OldApiError } from '../http/errors';
import type { RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';

/** A custom group robot (dingtalk-wave2-apis.md §4): its webhook token, 加签 secret, keywords and limit. */
export type SandboxRobot = {
  accessToken: string;
  secret: string | null;
  keywords: string[];
  perMinute: number;
  /** Allowed clock difference for `timestamp` (DingTalk: 1 hour). */
  skewMs: number;
  /** Accepted sends (for the 20/min window) and the end of a 410100 block. */
  sentAt: number[];
  blockedUntil: number;
  messages: RobotReceived[];
  /** Every call, refused ones included, with the errcode it got. */
  calls: { at: number; errcode: number }[];
};

export type RobotReceived = { at: number; body: Record<string, unknown> };

const MSG_TYPES = new Set(['text', 'link', 'markdown', 'actionCard', 'feedCard']);
const BLOCK_MS = 10 * 60_000;

function expectedSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The text a keyword check reads (§4.1: the message must contain one of the robot's keywords). */
function textOf(body: Record<string, unknown>): string {
  const type = String(body.msgtype ?? '');
  return JSON.stringify(body[type] ?? '');
}

/**
 * DingTalk's custom-robot webhook `POST /robot/send?access_token=…&timestamp=…&sign=…` (§4): signature
 * (timestamp within the skew window, HMAC as §4.2; the query parser decodes `sign` once, as DingTalk does),
 * keywords, the per-minute limit (`410100`, then blocked for 10 minutes), and the old-API envelope (always
 * HTTP 200 with `errcode`). Messages are kept for assertions.
 */
export class RobotService {
  readonly robots = new Map<string, SandboxRobot>();

  constructor(private readonly state: SandboxState) {}

  create(input: {
    accessToken?: string;
    secret?: string | null;
    keywords?: string[];
    perMinute?: number;
    skewMs?: number;
  }) {
    const robot: SandboxRobot = {
      accessToken: input.accessToken ?? randomBytes(16).toString('hex'),
      secret: input.secret === undefined ? `SEC${randomBytes(24).toString('hex')}` : input.secret,
      keywords: input.keywords ?? [],
      perMinute: input.perMinute ?? 20,
      skewMs: input.skewMs ?? 3_600_000,
      sentAt: [],
      blockedUntil: 0,
      messages: [],
      calls: [],
    };
    this.robots.set(robot.accessToken, robot);
    return robot;
  }

  get(accessToken: string): SandboxRobot {
    const robot = this.robots.get(accessToken);
    if (!robot) throw new ControlError(404, 'not_found', 'no such robot');
    return robot;
  }

  routes(): RouteDef[] {
    return [
      {
        method: 'POST',
        path: '/robot/send',
        family: 'old',
        auth: 'none',
        quotaExempt: true,
        handler: (ctx) => {
          const now = this.state.now();
          const robot = this.robots.get(ctx.query.get('access_token') ?? '');
          const refuse = (errcode: number, errmsg: string): never => {
            robot?.calls.push({ at: now, errcode });
            throw new OldApiError(errcode, errmsg);
          };
          if (!robot) return refuse(400101, 'access_token不存在');
          if (robot.secret) {
            const timestamp = ctx.query.get('timestamp') ?? '';
            const sign = ctx.query.get('sign') ?? '';
            if (!/^\d{13}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > robot.skewMs)
              return refuse(310000, 'invalid timestamp');
            if (!sameText(sign, expectedSign(robot.secret, timestamp)))
              return refuse(310000, 'sign not match');
          }
          if (!String(ctx.req.headers['content-type'] ?? '').includes('application/json'))
            return refuse(43004, 'invalid Content-Type');
          const body = ctx.body;
          if (!body.msgtype) return refuse(40035, 'missing json');
          if (!MSG_TYPES.has(String(body.msgtype))) return refuse(400105, 'unsupported msgtype');
          if (robot.keywords.length && !robot.keywords.some((k) => textOf(body).includes(k)))
            return refuse(310000, 'keywords not in content');
          if (now < robot.blockedUntil) return refuse(410100, 'send too fast, exceed 20 times per minute');
          robot.sentAt = robot.sentAt.filter((at) => at > now - 60_000);
          if (robot.sentAt.length >= robot.perMinute) {
            robot.blockedUntil = now + BLOCK_MS;
            return refuse(410100, 'send too fast, exceed 20 times per minute');
          }
          robot.sentAt.push(now);
          robot.messages.push({ at: now, body });
          robot.calls.push({ at: now, errcode: 0 });
          return { json: { errcode: 0, errmsg: 'ok' } };
        },
      },
    ];
  }
}
