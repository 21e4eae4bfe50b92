import type { TableEntry } from './Catalog.js';
import type { S3Objects } from './S3Objects.js';

/**
 * MSCK REPAIR TABLE: registers the `key=value` folders below the table's location that are not
 * registered yet (other folders are ignored), and answers as Hive does, a line per partition.
 */
export async function repairPartitions(table: TableEntry, s3: S3Objects): Promise<string[]> {
  if (table.partitionKeys.length === 0) throw new Error(`FAILED: Table ${table.name} is not partitioned`);
  const found = new Map<string, string[]>();
  const pattern = new RegExp(`^${table.partitionKeys.map((k) => `${k.name}=([^/]+)/`).join('')}[^/]+$`);
  const prefix = table.location.replace(/^s3:\/\/[^/]+\//, '');
  for (const object of await s3.list(table.location)) {
    const match = pattern.exec(object.key.slice(prefix.length));
    if (match) found.set(match[0].slice(0, match[0].lastIndexOf('/')), match.slice(1));
  }
  const missing = [...found.entries()].filter(([key]) => !table.partitions.has(key));
  for (const [key, values] of missing)
    table.partitions.set(key, { values, location: `${table.location}${key}/` });
  return missing.length === 0
    ? []
    : [
        `Partitions not in metastore:\t${missing.map(([key]) => `${table.name}:${key}`).join('\t')}`,
        ...missing.map(([key]) => `Repair: Added partition to metastore ${table.name}:${key}`),
      ];
}

/** ALTER TABLE ... ADD [IF NOT EXISTS] PARTITION: partitions keyed by their values as written. */
export function addPartitions(
  table: TableEntry,
  partitions: readonly { values: Readonly<Record<string, string>>; location: string | undefined }[],
  ifNotExists: boolean,
): void {
  for (const partition of partitions) {
    const values = table.partitionKeys.map((k) => {
      const value = partition.values[k.name];
      if (value === undefined) throw new Error(`FAILED: partition spec lacks ${k.name}`);
      return value;
    });
    const key = table.partitionKeys.map((k, i) => `${k.name}=${values[i]}`).join('/');
    if (table.partitions.has(key)) {
      if (ifNotExists) continue;
      throw new Error(`FAILED: AlreadyExistsException(message:Partition already exists: ${key})`);
    }
    table.partitions.set(key, { values, location: partition.location ?? `${table.location}${key}/` });
  }
}
