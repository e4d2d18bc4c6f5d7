import path from 'node:path';

// Each vitest worker process writes the app's pino logs (lib/log.ts) to its own file in the run's log directory;
// the run's teardown scans them all for secrets. Set before any test file imports lib/log.
const dir = process.env.HUIBAN_TEST_LOG_DIR;
if (dir) process.env.LOG_FILE = path.join(dir, `app-${process.pid}.log`);
