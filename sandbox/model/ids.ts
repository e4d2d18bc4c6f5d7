import { randomUUID } from 'node:crypto';
import type { Rng } from './rng';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/**
 * Id factory. Counters keep ids short and ordered; the random parts come from the seeded RNG so a
 * scenario produces the same ids on every run (tests and the demo seed can rely on them).
 */
export class IdFactory {
  private taskSeq = 88_300_000_000;
  private yidaTaskSeq = 2_846_866_000;
  private businessSeq = 0;
  private fileSeq = 64_300_100;
  private noticeSeq = 256_271_667_000;
  private counter = 0;

  constructor(private readonly rng: Rng) {}

  private pick(chars: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += chars[this.rng.int(chars.length)];
    return out;
  }

  /** New-style id like `Xk2Lm9QpRt4vWy7ZaB1cDe06511723623364` (22 alnum + 4 digits + epoch seconds). */
  processInstanceId(at: number): string {
    return `${this.pick(ALNUM, 22)}${this.pick('0123456789', 4)}${Math.floor(at / 1000)}`;
  }

  /** 审批编号 like `202408141616000012345`: yyyyMMddHHmm (UTC+8, as shown in the client) + 9 digits. */
  businessId(at: number): string {
    const d = new Date(at + 8 * 3600_000).toISOString();
    const stamp = d.slice(0, 16).replace(/[-T:]/g, '');
    this.businessSeq += 1;
    return `${stamp}${String(this.businessSeq).padStart(9, '0')}`;
  }

  /** 11-digit task id (§0.1: real values are ~1e11). */
  taskId(): number {
    this.taskSeq += 1;
    return this.taskSeq;
  }

  yidaTaskId(): number {
    this.yidaTaskSeq += 1;
    return this.yidaTaskSeq;
  }

  fileId(): string {
    this.fileSeq += 1;
    return String(this.fileSeq);
  }

  noticeTaskId(): number {
    this.noticeSeq += 1;
    return this.noticeSeq;
  }

  /** 32 hex chars (eventId). */
  eventId(): string {
    return this.pick(HEX, 32);
  }

  /** Stream messageId shaped like `213d841d_972_1898bb26334_70a7`. */
  messageId(at: number): string {
    this.counter += 1;
    return `${this.pick(HEX, 8)}_${this.counter}_${at.toString(16)}_${this.pick(HEX, 4)}`;
  }

  /** Node id like `1918_5cd3`. */
  activityId(): string {
    return `${1000 + this.rng.int(9000)}_${this.pick(HEX, 4)}`;
  }

  /** Opaque tokens, codes and request ids use real randomness: they are secrets. */
  token(): string {
    return randomUUID().replace(/-/g, '');
  }

  uuid(): string {
    return randomUUID();
  }

  requestId(): string {
    return randomUUID().toUpperCase();
  }

  /** Deterministic UUID-shaped id (Yida instance ids, unified app ids). */
  stableUuid(): string {
    const h = this.pick(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  todoId(): string {
    return this.pick(ALNUM, 20);
  }
}
