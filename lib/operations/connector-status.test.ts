import { describe, expect, test } from 'vitest';
import { type ConnectorFigures, connectorStatus, worstStatus } from './connector-status';

const now = new Date('2026-11-23T12:00:00Z');
const healthy: ConnectorFigures = {
  enabled: true,
  usesStream: true,
  streamState: 'connected',
  streamChangedAt: '2026-11-23T08:00:00Z',
  backlog: 0,
  oldestBacklogAt: null,
  dead: 0,
  lagP95Ms: 800,
  apiCalls: 100,
  apiQuota: 5000,
  reconcileErrors: 0,
  driftRate: 0.05,
  driftDegradedRate: 0.2,
};
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('connectorStatus', () => {
  test('ok when connected, no backlog, no dead letters, quota left', () => {
    expect(connectorStatus(healthy, now)).toEqual({ status: 'ok', reasons: [] });
  });
  test('disabled connectors are not judged', () => {
    expect(connectorStatus({ ...healthy, enabled: false, dead: 9 }, now).status).toBe('disabled');
  });
  test('a stream reconnecting for a minute is degraded, for ten minutes down', () => {
    const recent = {
      ...healthy,
      streamState: 'connecting' as const,
      streamChangedAt: ago(60_000).toISOString(),
    };
    expect(connectorStatus(recent, now)).toEqual({ status: 'degraded', reasons: ['stream_not_connected'] });
    const long = {
      ...recent,
      streamState: 'disconnected' as const,
      streamChangedAt: ago(600_000).toISOString(),
    };
    expect(connectorStatus(long, now)).toEqual({ status: 'down', reasons: ['stream_down'] });
  });
  test('an HTTP-callback connector has no stream to judge', () => {
    expect(connectorStatus({ ...healthy, usesStream: false, streamState: null }, now).status).toBe('ok');
  });
  test('backlog age: 3 minutes degraded, 20 minutes down', () => {
    expect(
      connectorStatus({ ...healthy, backlog: 2, oldestBacklogAt: ago(3 * 60_000) }, now).reasons,
    ).toEqual(['backlog_slow']);
    expect(connectorStatus({ ...healthy, backlog: 2, oldestBacklogAt: ago(20 * 60_000) }, now)).toEqual({
      status: 'down',
      reasons: ['backlog_stuck'],
    });
    expect(connectorStatus({ ...healthy, backlog: 2, oldestBacklogAt: ago(5_000) }, now).status).toBe('ok');
  });
  test('dead letters, lag, quota and reconcile errors', () => {
    expect(connectorStatus({ ...healthy, dead: 1 }, now)).toEqual({
      status: 'degraded',
      reasons: ['dead_letters'],
    });
    expect(connectorStatus({ ...healthy, lagP95Ms: 45_000 }, now).reasons).toEqual(['lag_high']);
    expect(connectorStatus({ ...healthy, apiCalls: 4600 }, now).reasons).toEqual(['quota_near']);
    expect(connectorStatus({ ...healthy, apiCalls: 5000 }, now)).toEqual({
      status: 'down',
      reasons: ['quota_exhausted'],
    });
    expect(connectorStatus({ ...healthy, reconcileErrors: 2 }, now).reasons).toEqual(['reconcile_errors']);
  });
  test('a drift rate above the threshold is degraded; at it, or before any run, is not', () => {
    expect(connectorStatus({ ...healthy, driftRate: 0.5 }, now)).toEqual({
      status: 'degraded',
      reasons: ['drift_high'],
    });
    expect(connectorStatus({ ...healthy, driftRate: 0.2 }, now).status).toBe('ok');
    expect(connectorStatus({ ...healthy, driftRate: null }, now).status).toBe('ok');
  });
  test('worstStatus orders ok < degraded < down', () => {
    expect(worstStatus('ok', 'degraded')).toBe('degraded');
    expect(worstStatus('down', 'degraded')).toBe('down');
    expect(worstStatus('ok', 'ok')).toBe('ok');
  });
});
