import { parseArgs } from 'node:util';
import { createDb } from '@/db/client';
import { createUser } from '@/lib/people/create-user';

// npm run user:create -- --email a@b.cn --name 管理员 --password '…' --role admin
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string', default: 'employee' },
  },
});

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!values.name || (!values.email && !values.username)) {
    throw new Error(
      'usage: npm run user:create -- --email <email> | --username <name> --name <display name> --password <pw> [--role admin]',
    );
  }
  const db = createDb(url, { max: 1 });
  try {
    const { created } = await createUser(db, {
      email: values.email,
      username: values.username,
      name: values.name,
      password: values.password,
      role: values.role === 'admin' ? 'admin' : 'employee',
    });
    console.log(
      created ? 'user created' : 'a user with that username or email already exists; nothing changed',
    );
  } finally {
    await db.$client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
