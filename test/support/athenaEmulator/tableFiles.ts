import type { TableEntry } from './Catalog.js';
import { parseS3Url, type S3Object, type S3Objects } from './S3Objects.js';

/** The data files of a table, with the partition values (as text) each file belongs to. */
export interface TableFile {
  readonly object: S3Object;
  readonly values: readonly string[];
}

/**
 * The files Athena would read for a table: every object below the location of an unpartitioned
 * table; for a table with partition projection, the objects under the locations the projection
 * generates (`storage.location.template`; integers zero-padded to `digits`, within `range`); for
 * other partitioned tables, the objects of the registered partitions. Hidden files (`_`, `.`)
 * are skipped, as Hadoop does.
 */
export async function tableFiles(table: TableEntry, s3: S3Objects): Promise<TableFile[]> {
  if (table.partitionKeys.length === 0) {
    return (await s3.list(table.location)).filter(visible).map((object) => ({ object, values: [] }));
  }
  if (table.properties['projection.enabled'] === 'true') return projectedFiles(table, s3);
  const files: TableFile[] = [];
  for (const partition of table.partitions.values()) {
    const prefix = partition.location.endsWith('/') ? partition.location : `${partition.location}/`;
    const { key } = parseS3Url(prefix);
    for (const object of await s3.list(prefix)) {
      if (!object.key.slice(key.length).includes('/') && visible(object)) {
        files.push({ object, values: partition.values });
      }
    }
  }
  return files;
}

async function projectedFiles(table: TableEntry, s3: S3Objects): Promise<TableFile[]> {
  const keys = table.partitionKeys.map((k) => k.name);
  const template =
    table.properties['storage.location.template'] ??
    `${table.location}${keys.map((k) => `${k}=\${${k}}`).join('/')}/`;
  const { bucket, key: templateKey } = parseS3Url(template);
  const pattern = new RegExp(
    `^${templateKey.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{(\w+)\}/g, (_, k: string) => `(?<${k}>[^/]+)`)}[^/]+$`,
  );
  const fixed = templateKey.slice(0, templateKey.indexOf('${'));
  const files: TableFile[] = [];
  for (const object of await s3.list(`s3://${bucket}/${fixed}`)) {
    const groups = pattern.exec(object.key)?.groups;
    if (!groups || !visible(object)) continue;
    const values = keys.map((k) => groups[k] ?? '');
    if (keys.every((k, i) => isProjected(table, k, values[i] ?? ''))) files.push({ object, values });
  }
  return files;
}

/** True when the projection of `key` generates exactly `value`. */
function isProjected(table: TableEntry, key: string, value: string): boolean {
  const property = (name: string) => table.properties[`projection.${key}.${name}`];
  const type = property('type');
  if (type === 'enum') return (property('values') ?? '').split(',').includes(value);
  if (type !== 'integer')
    throw new Error(`the emulator supports integer and enum projections, not ${type} (${key})`);
  const [low = Number.NaN, high = Number.NaN] = (property('range') ?? '').split(',').map(Number);
  const number = Number(value);
  const digits = Number(property('digits') ?? 0);
  return (
    /^\d+$/.test(value) && number >= low && number <= high && String(number).padStart(digits, '0') === value
  );
}

function visible(object: S3Object): boolean {
  const name = object.key.slice(object.key.lastIndexOf('/') + 1);
  return name !== '' && !name.startsWith('_') && !name.startsWith('.');
}
