// Types of naive.mjs, for test/bench.
export interface NaiveReadOptions {
  endpoint: string;
  catalog?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}
export function naiveRead(options: NaiveReadOptions): Promise<{ jobs: Record<string, unknown>[]; calls: number }>;
