import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

export type DelegableProcess = {
  connectorId: string;
  connectorName: string;
  processCode: string;
  name: string;
};

/**
 * The processes a delegation can be limited to: every process Huiban has seen an instance of, by connector,
 * under the name lists show (the mapping's display name, else the source's). Names only, no instance data.
 */
export async function listDelegableProcesses(db: DbOrTx): Promise<DelegableProcess[]> {
  const rows = await db.execute<{
    connector_id: string;
    connector_name: string;
    process_code: string;
    name: string | null;
  }>(sql`
    select pi.connector_id, c.name as connector_name, pi.process_code,
      coalesce(max(ps.display_name), max(pi.process_name), pi.process_code) as name
    from process_instances pi
    join connectors c on c.id = pi.connector_id
    left join process_settings ps on ps.connector_id = pi.connector_id and ps.process_code = pi.process_code
    where pi.process_code is not null
    group by pi.connector_id, c.name, pi.process_code
    order by c.name, name
    limit 500`);
  return rows.map((r) => ({
    connectorId: r.connector_id,
    connectorName: r.connector_name,
    processCode: r.process_code,
    name: r.name ?? r.process_code,
  }));
}
