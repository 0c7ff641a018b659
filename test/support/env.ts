/** process.env for in-process commands and clients, always put back as it was. */
import { EXAMPLE_KEY } from './emulator.js';

/** Sets `vars` in process.env (undefined: removed); returns what puts back what was there. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/**
 * The example credential in process.env, with no session token or profile, and `extra` besides
 * (undefined: removed); returns what puts it all back.
 */
export function useExampleCredentials(extra: Record<string, string | undefined> = {}): () => void {
  return setEnv({
    AWS_ACCESS_KEY_ID: EXAMPLE_KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_KEY.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    ...extra,
  });
}

/** Runs `body` with environment variables set (undefined: removed), then puts them back. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T> | T): Promise<T> {
  const restore = setEnv(vars);
  try {
    return await body();
  } finally {
    restore();
  }
}

/**
 * No credential source from the machine running the tests: no keys, profile, container or
 * web-identity settings, no instance metadata. A test then names the one source it means.
 */
export const NO_AMBIENT_CREDENTIALS: Record<string, string | undefined> = {
  AWS_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** process.env for a child process, with `vars` set (undefined: removed). */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
