/** Types of driver.mjs for the TypeScript tests. */
export interface FuzzPortal {
  webhookUrl: string;
  app: { clientId: string; clientSecret: string; accessToken: string; refreshToken: string };
}

export interface FuzzFailure {
  seed: number;
  index: number;
  label: string;
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body: string | null;
  status: number | string;
  answer: string;
}

export interface FuzzStats {
  sent: number;
  byStatus: Record<string, number>;
  errors: Record<string, number>;
  failures: FuzzFailure[];
  durationMs: number;
}

export function runFuzz(options: {
  baseUrl: string;
  portal: FuzzPortal;
  seed: number;
  count: number;
  seconds?: number;
  concurrency?: number;
  onProgress?: (stats: FuzzStats) => void;
}): Promise<FuzzStats>;
