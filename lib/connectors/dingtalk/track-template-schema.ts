import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { dingtalkTemplateSchemas, type TemplateSchemaChanges, type TemplateSchemaField } from '@/db/schema';
import type { FormSchema } from './form-schema';

type Item = FormSchema['items'][number] & {
  props?: { id?: string; label?: string };
  children?: Item[];
};

/** A schema's components as compared: id, label, type, in order (a TableField's children after it). */
export function schemaFields(schema: FormSchema): TemplateSchemaField[] {
  const out: TemplateSchemaField[] = [];
  const walk = (items: Item[], prefix: string) => {
    for (const item of items) {
      const label = item.props?.label ?? '';
      const id = item.props?.id || label;
      if (!id) continue;
      out.push({ id: `${prefix}${id}`, label, type: item.componentName ?? '' });
      if (Array.isArray(item.children) && item.children.length > 0) walk(item.children, `${prefix}${id}.`);
    }
  };
  walk(schema.items as Item[], '');
  return out;
}

/** sha256 of the compared components (order included: DingTalk shows them in that order). */
export function schemaHash(fields: TemplateSchemaField[]): string {
  return createHash('sha256')
    .update(JSON.stringify(fields.map((f) => [f.id, f.label, f.type])))
    .digest('hex');
}

/** What changed from `before` to `after`, by component id: added, removed, renamed (label), retyped. */
export function diffFields(
  before: TemplateSchemaField[],
  after: TemplateSchemaField[],
): TemplateSchemaChanges {
  const old = new Map(before.map((f) => [f.id, f]));
  const now = new Map(after.map((f) => [f.id, f]));
  const changes: TemplateSchemaChanges = { added: [], removed: [], renamed: [], retyped: [] };
  for (const f of after) {
    const was = old.get(f.id);
    if (!was) changes.added.push(f);
    else {
      if (was.label !== f.label) changes.renamed.push({ id: f.id, from: was.label, to: f.label });
      if (was.type !== f.type) changes.retyped.push({ id: f.id, label: f.label, from: was.type, to: f.type });
    }
  }
  for (const f of before) if (!now.has(f.id)) changes.removed.push(f);
  return changes;
}

/** Hashes already stored by this process, so a cached schema seen on every snapshot costs no write. */
const recorded = new Map<string, string>();

/**
 * Records what DingTalk now says a mapped template looks like. The first sighting becomes the accepted schema;
 * a later different hash marks the mapping stale with what changed since the accepted one (kept until an
 * admin acknowledges, so a second change adds to the first); a schema back to the accepted one clears it.
 * `accept`: the schema is known good (Huiban itself just saved the template), so it becomes the accepted one.
 * Returns whether the mapping is stale now.
 */
export async function recordTemplateSchema(
  db: DbOrTx,
  input: { connectorId: string; processCode: string; schema: FormSchema; accept?: boolean },
): Promise<boolean> {
  const fields = schemaFields(input.schema);
  const hash = schemaHash(fields);
  const key = `${input.connectorId}|${input.processCode}`;
  if (!input.accept && recorded.get(key) === hash) return false;
  const now = new Date();
  const stale = await db.transaction(async (tx) => {
    await tx
      .insert(dingtalkTemplateSchemas)
      .values({
        connectorId: input.connectorId,
        processCode: input.processCode,
        name: input.schema.name,
        hash,
        fields,
        latestHash: hash,
        latestFields: fields,
      })
      .onConflictDoNothing();
    const where = and(
      eq(dingtalkTemplateSchemas.connectorId, input.connectorId),
      eq(dingtalkTemplateSchemas.processCode, input.processCode),
    );
    const [row] = await tx.select().from(dingtalkTemplateSchemas).where(where).for('update');
    if (!row) return false;
    if (input.accept || row.hash === hash) {
      await tx
        .update(dingtalkTemplateSchemas)
        .set({
          name: input.schema.name ?? row.name,
          hash,
          fields,
          latestHash: hash,
          latestFields: fields,
          changes: null,
          staleSince: null,
          checkedAt: now,
        })
        .where(where);
      return false;
    }
    await tx
      .update(dingtalkTemplateSchemas)
      .set({
        name: input.schema.name ?? row.name,
        latestHash: hash,
        latestFields: fields,
        changes: diffFields(row.fields, fields),
        staleSince: row.staleSince ?? now,
        checkedAt: now,
      })
      .where(where);
    return true;
  });
  recorded.set(key, hash);
  return stale;
}

/** Forget what this process recorded (tests; the table stays the truth). */
export function clearRecordedSchemas(): void {
  recorded.clear();
}
