import { NodeSha256 } from '../util/sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SIGNING_NAME } from '../model/index.js';
import type { CredentialProvider } from './options.js';

export interface UnsignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * SigV4 for the service's signing name, through @smithy/signature-v4 (the maintained package
 * the AWS SDKs use). Adds x-amz-date, x-amz-content-sha256, x-amz-security-token when the
 * credentials are temporary, and authorization.
 */
export class RequestSigner {
  private readonly signer: SignatureV4;

  constructor(region: string, credentials: CredentialProvider) {
    this.signer = new SignatureV4({
      service: SIGNING_NAME,
      region,
      credentials,
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: true,
    });
  }

  async sign(req: UnsignedRequest, signingDate: Date): Promise<SignedRequest> {
    const http = new HttpRequest({
      method: 'POST',
      protocol: req.url.protocol,
      hostname: req.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: req.url.port ? Number(req.url.port) : undefined,
      path: req.url.pathname || '/',
      headers: { ...req.headers, host: req.url.host },
      body: req.body,
    });
    const signed = (await this.signer.sign(http, { signingDate })) as HttpRequest;
    return { headers: signed.headers, body: req.body };
  }
}
