import { Aws } from 'aws-cdk-lib';
import { COMPACT_SCRATCH_PREFIX } from '../../src/athena/athenaConfig.js';

/** Folders of the store (src/store/keys.ts) and the reports folder, as key prefixes. */
export const STORE_FOLDERS = {
  raw: 'raw/',
  curated: 'curated/',
  rejected: 'rejected/',
  state: 'state/',
  /** Day summaries (src/report/summaries/): derived, deleted with their day. */
  summaries: 'summaries/',
  reports: 'reports/',
  /** Where the Athena compaction writes a day before it replaces the day file (src/lake/compact.ts). */
  compactScratch: COMPACT_SCRATCH_PREFIX,
} as const;

export type StoreFolder = keyof typeof STORE_FOLDERS;

/** The ARNs IAM statements name for a store: a bucket ARN and the store's key prefix. */
export class StoreArns {
  constructor(
    readonly bucketArn: string,
    readonly prefix: string,
  ) {}

  /** `arn:...:bucket/<prefix><folder>*`: every object below each folder. */
  objects(...folders: StoreFolder[]): string[] {
    return folders.map((f) => `${this.bucketArn}/${this.prefix}${STORE_FOLDERS[f]}*`);
  }

  /** An exact object pattern below the prefix, e.g. `state/*.lock`. */
  object(pattern: string): string {
    return `${this.bucketArn}/${this.prefix}${pattern}`;
  }

  /** `s3:prefix` values a ListBucket may ask for: each folder and anything below it. */
  listPrefixes(...folders: StoreFolder[]): string[] {
    return folders.map((f) => `${this.prefix}${STORE_FOLDERS[f]}*`);
  }
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of this stack's account and region. */
export function regionalArn(service: string, resource: string): string {
  return `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
}
