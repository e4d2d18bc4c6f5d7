import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { runMigrations } from './migrate';
import { resolveTestServer, withDatabase } from './test-server';

declare module 'vitest' {
  export interface ProvidedContext {
    testAdminUrl: string;
    testTemplateDb: string;
  }
}

/**
 * Integration-test setup, once per run: migrate one template database; db/testing.ts copies it for every test
 * file (CREATE DATABASE … TEMPLATE is far faster than migrating each time).
 */
export default async function setup(project: TestProject) {
  const server = await resolveTestServer();
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `huiban_tpl_${runId}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${template}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`Integration tests need PostgreSQL (tried ${redact(server.adminUrl)}): ${String(error)}`);
  }
  await runMigrations(withDatabase(server.adminUrl, template));
  project.provide('testAdminUrl', server.adminUrl);
  project.provide('testTemplateDb', template);

  return async () => {
    const dbs = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`huiban_t_${template.slice(11)}%`} OR datname = ${template}`;
    for (const { datname } of dbs) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    await server.stop?.();
  };
}

function redact(url: string): string {
  return url.replace(/:[^:@/]+@/, ':***@');
}
