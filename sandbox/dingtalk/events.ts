import type { SandboxState } from '../model/state';
import type { App } from '../model/types';

/** One event as DingTalk creates it: the same eventId goes to every transport and every redelivery. */
export type OrgEvent = {
  eventId: string;
  eventType: string;
  corpId: string;
  bornTime: number;
  /** The Stream `data` object; HTTP mode flattens it next to its envelope (§3.8). */
  data: Record<string, unknown>;
};

export interface EventTransport {
  deliver(app: App, event: OrgEvent): void;
}

/** Delivery faults (control API): they act on the fan-out, before either transport sees the event. */
export type DeliveryFaults = {
  /** Deliver each of the next N events twice (same eventId). */
  duplicateNext: number;
  /** Hold the next N events and release them in reverse order. */
  reorderNext: number;
  /** Lose this percentage of deliveries entirely (no redelivery: tests reconciliation). */
  dropPercent: number;
  /** Delay every delivery by this many ms. */
  delayMs: number;
};

export type DroppedDelivery = { eventId: string; eventType: string; clientId: string; at: number };

const REORDER_FLUSH_MS = 1500;

/**
 * Creates events and fans them out to the org's apps that subscribed to the type, through Stream or
 * the HTTP callback depending on the app's push mode (an app uses one or the other, as in the console).
 */
export class EventHub {
  log: OrgEvent[] = [];
  dropped: DroppedDelivery[] = [];
  faults: DeliveryFaults = { duplicateNext: 0, reorderNext: 0, dropPercent: 0, delayMs: 0 };
  private reorderBuffer: OrgEvent[] = [];
  private reorderTimer: NodeJS.Timeout | undefined;
  private timers = new Set<NodeJS.Timeout>();
  /** When false, events are logged but not delivered (scenario option `deliverScenarioEvents: false`). */
  muted = false;

  constructor(
    private readonly state: SandboxState,
    private readonly transports: { stream: EventTransport; http: EventTransport },
  ) {}

  /** Creates an event (eventId goes into `data` too, as real payloads carry it) and publishes it. */
  emit(
    corpId: string,
    eventType: string,
    data: Record<string, unknown>,
    bornTime = this.state.now(),
  ): OrgEvent {
    const eventId = this.state.ids.eventId();
    const event: OrgEvent = { eventId, eventType, corpId, bornTime, data: { ...data, eventId } };
    this.log.push(event);
    if (!this.muted) this.publish(event);
    return event;
  }

  /** Re-sends an already created event (same eventId): the "duplicate an event" fault. */
  republish(eventId: string): OrgEvent | undefined {
    const event = this.log.find((e) => e.eventId === eventId);
    if (event) this.fanOut(event);
    return event;
  }

  private publish(event: OrgEvent): void {
    if (this.faults.reorderNext > 0) {
      this.faults.reorderNext -= 1;
      this.reorderBuffer.push(event);
      if (this.faults.reorderNext === 0) this.flushReorder();
      else {
        clearTimeout(this.reorderTimer);
        this.reorderTimer = setTimeout(() => this.flushReorder(), REORDER_FLUSH_MS);
      }
      return;
    }
    this.fanOut(event);
  }

  /** Releases held events newest first. */
  flushReorder(): void {
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    const batch = this.reorderBuffer.reverse();
    this.reorderBuffer = [];
    this.faults.reorderNext = 0;
    for (const e of batch) this.fanOut(e);
  }

  private fanOut(event: OrgEvent): void {
    const copies = this.faults.duplicateNext > 0 ? 2 : 1;
    if (copies === 2) this.faults.duplicateNext -= 1;
    const org = this.state.orgs.get(event.corpId);
    if (!org) return;
    for (const app of org.apps.values()) {
      if (!app.subscribedEvents.includes(event.eventType) && !app.subscribedEvents.includes('*')) continue;
      for (let i = 0; i < copies; i++) this.deliverOne(app, event);
    }
  }

  private deliverOne(app: App, event: OrgEvent): void {
    if (this.faults.dropPercent > 0 && this.state.rng.next() * 100 < this.faults.dropPercent) {
      this.dropped.push({
        eventId: event.eventId,
        eventType: event.eventType,
        clientId: app.clientId,
        at: Date.now(),
      });
      return;
    }
    const transport = app.pushMode === 'http' && app.callback ? this.transports.http : this.transports.stream;
    if (this.faults.delayMs > 0) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        transport.deliver(app, event);
      }, this.faults.delayMs);
      this.timers.add(t);
      return;
    }
    transport.deliver(app, event);
  }

  clearFaults(): void {
    this.faults = { duplicateNext: 0, reorderNext: 0, dropPercent: 0, delayMs: 0 };
    if (this.reorderBuffer.length > 0) this.flushReorder();
  }

  close(): void {
    clearTimeout(this.reorderTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
