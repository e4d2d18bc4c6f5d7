import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type SandboxOptions, type Scenario, startSandbox } from './index';

/**
 * `npm run sandbox -- --port 4010 --host 127.0.0.1 --scenario demo`
 * `--scenario path/to/scenario.json` loads a JSON scenario; `--options '{"qpsLimit":0}'` overrides options.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      options: { type: 'string' },
    },
  });
  const port = Number(values.port ?? process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  let scenario: 'demo' | Scenario | undefined;
  if (values.scenario === 'demo') scenario = 'demo';
  else if (values.scenario) scenario = JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario;
  const options = values.options ? (JSON.parse(values.options) as Partial<SandboxOptions>) : undefined;
  const sandbox = await startSandbox({ port, host: values.host ?? '127.0.0.1', scenario, options });
  console.log(
    `sandbox listening on ${sandbox.url}${values.scenario ? ` (scenario ${values.scenario})` : ''}`,
  );
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
