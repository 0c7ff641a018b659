import { describe, expect, it } from 'vitest';
import { isLoopback, resolveEndpoint, resolveRegion } from '../../src/api/endpoint.js';
import { CosellError } from '../../src/util/errors.js';

describe('region', () => {
  it('takes --region, then AWS_REGION, then us-east-1', () => {
    expect(resolveRegion('eu-west-1', { AWS_REGION: 'us-west-2' })).toBe('eu-west-1');
    expect(resolveRegion(undefined, { AWS_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(resolveRegion(undefined, {})).toBe('us-east-1');
    expect(resolveRegion('', { AWS_REGION: ' ' })).toBe('us-east-1');
  });

  it('refuses a region that is not a region name, saying where it came from', () => {
    expect(() => resolveRegion('us-east-1.evil.com/x', {})).toThrow(
      new CosellError('invalid region "us-east-1.evil.com/x" (from --region): expected a name like us-east-1'),
    );
    expect(() => resolveRegion(undefined, { AWS_REGION: 'US_EAST' })).toThrow(/from AWS_REGION/);
  });
});

describe('endpoint', () => {
  const env = {
    AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: 'https://service.example.com',
    AWS_ENDPOINT_URL: 'https://all.example.com',
  };

  it('follows --endpoint, then the service variable, then AWS_ENDPOINT_URL, then the regional URL', () => {
    expect(resolveEndpoint('https://flag.example.com', 'us-east-1', env).href).toBe('https://flag.example.com/');
    expect(resolveEndpoint(undefined, 'us-east-1', env).href).toBe('https://service.example.com/');
    expect(resolveEndpoint(undefined, 'us-east-1', { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL }).href).toBe('https://all.example.com/');
    expect(resolveEndpoint(undefined, 'eu-west-1', {}).href).toBe('https://partnercentral-selling.eu-west-1.api.aws/');
  });

  it('accepts plain http on loopback hosts only', () => {
    for (const u of ['http://127.0.0.1:4566', 'http://127.9.8.7', 'http://localhost:80', 'http://[::1]:9000']) {
      expect(resolveEndpoint(u, 'us-east-1', {}).protocol).toBe('http:');
    }
    expect(() => resolveEndpoint('http://partnercentral.example.com', 'us-east-1', {})).toThrow(
      new CosellError(
        'refusing plain http endpoint "http://partnercentral.example.com" (from --endpoint): signed requests would cross the network unencrypted. ' +
          'Use https://, or http:// only with a loopback host (127.0.0.0/8, ::1, localhost).',
      ),
    );
    expect(() => resolveEndpoint(undefined, 'us-east-1', { AWS_ENDPOINT_URL: 'http://10.0.0.1' })).toThrow(
      /refusing plain http endpoint "http:\/\/10.0.0.1" \(from AWS_ENDPOINT_URL\)/,
    );
    expect(() => resolveEndpoint('http://128.0.0.1', 'us-east-1', {})).toThrow(/refusing plain http/);
    expect(() => resolveEndpoint('http://localhost.evil.com', 'us-east-1', {})).toThrow(/refusing plain http/);
  });

  it('refuses what is not an http(s) URL, or carries credentials or a query', () => {
    expect(() => resolveEndpoint('partnercentral.example.com', 'us-east-1', {})).toThrow(
      'invalid endpoint "partnercentral.example.com" (from --endpoint): not a URL; expected e.g. https://host or http://127.0.0.1:4566',
    );
    expect(() => resolveEndpoint('ftp://x.example.com', 'us-east-1', {})).toThrow(/the scheme must be https:\/\//);
    expect(() => resolveEndpoint('https://user:pw@x.example.com', 'us-east-1', {})).toThrow(
      'invalid endpoint (from --endpoint): it must not carry a user name or password',
    );
    expect(() => resolveEndpoint('https://x.example.com/?a=1', 'us-east-1', {})).toThrow(/must not carry a query/);
  });

  it('knows the loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('LOCALHOST')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('[::2]')).toBe(false);
    expect(isLoopback('127.0.0.1.nip.io')).toBe(false);
  });
});
