import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { ROOT, tempDir } from '../helpers.js';

export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  /** Environment that points the real SDK (and the CLI) at this server. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts a real local S3 server (s3rver with conditional writes) in its own process. */
export async function startLocalS3(buckets: readonly string[] = ['logs']): Promise<LocalS3> {
  const directory = await tempDir('s3-');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      path.join(ROOT, 'test', 'support', 's3ServerMain.cjs'),
      directory,
      ...buckets,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the S3 server exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    env,
    async stop() {
      client.destroy();
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}
