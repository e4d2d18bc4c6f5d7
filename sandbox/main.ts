import { parseArgs } from 'node:util';
import { startSandbox } from './index';

/** `npm run sandbox -- --port 4010 --host 127.0.0.1 --scenario demo` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
    },
  });
  const port = Number(values.port ?? process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  if (values.scenario && values.scenario !== 'demo')
    throw new Error(`unknown scenario ${values.scenario} (known: demo)`);
  const sandbox = await startSandbox({
    port,
    host: values.host ?? '127.0.0.1',
    scenario: values.scenario === 'demo' ? 'demo' : undefined,
  });
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
