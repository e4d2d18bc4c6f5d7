import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { runMigrations } from './migrate';
import { withDatabase } from './test-server';

const adminUrl = inject('testAdminUrl');
const name = `huiban_t_${inject('testTemplateDb').slice(11)}_empty`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

beforeAll(async () => {
  await admin.unsafe(`CREATE DATABASE "${name}"`);
});
afterAll(async () => {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

test('migrations apply to an empty database, and applying them again changes nothing', async () => {
  const url = withDatabase(adminUrl, name);
  await runMigrations(url);
  await runMigrations(url);
  const sql = postgres(url, { max: 1 });
  try {
    const tables = await sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
    expect(tables.map((t) => t.table_name)).toEqual([
      'admin_operations',
      'analytics_company_cycle',
      'analytics_company_requests',
      'analytics_company_sla',
      'analytics_company_waits',
      'analytics_daily',
      'analytics_dirty_instances',
      'analytics_grants',
      'analytics_instance_facts',
      'analytics_step_daily',
      'analytics_task_facts',
      'api_call_slots',
      'api_keys',
      'approval_centre_templates',
      'attachment_scrubs',
      'attachments',
      'audit_log',
      'business_calendar',
      'calendar_days',
      'connector_api_usage',
      'connector_delegation_policies',
      'connectors',
      'delegations',
      'deliveries',
      'digest_sends',
      'dingtalk_template_schemas',
      'directory_syncs',
      'identities',
      'inbound_events',
      'instance_mentions',
      'live_changes',
      'local_dingtalk_links',
      'local_effects',
      'local_runs',
      'login_throttles',
      'process_instances',
      'process_logs',
      'process_settings',
      'reconciliation_run_connectors',
      'reconciliation_runs',
      'revoked_sessions',
      'robot_messages',
      'same_approval_keys',
      'same_approval_links',
      'same_approval_rules',
      'saved_views',
      'setup_tokens',
      'sla_escalations',
      'source_approval_centre_instances',
      'source_approval_centre_tasks',
      'source_approval_centre_templates',
      'source_tokens',
      'subscriptions',
      'task_actions',
      'task_notices',
      'task_todo_mirrors',
      'tasks',
      'uploads',
      'urge_notices',
      'urges',
      'users',
      'worker_heartbeats',
      'workflow_definitions',
      'workflow_versions',
    ]);
    const queues = await sql<{ name: string }[]>`SELECT name FROM pgboss.queue ORDER BY name`;
    expect(queues.map((q) => q.name)).toContain('worker-heartbeat');
    const applied = await sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
    expect(applied[0]?.n).toBeGreaterThan(0);
  } finally {
    await sql.end();
  }
});
