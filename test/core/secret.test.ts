import { describe, expect, it } from 'vitest';
import { Secret, redact } from '../../src/core/secret';

const X_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2X';

describe('redact', () => {
  it('removes a token as it is, URL-encoded and URL-decoded', () => {
    const secrets = [new Secret(X_TOKEN)];
    expect(redact(`token ${X_TOKEN}.`, secrets)).toBe('token [redacted].');
    expect(redact(`url /x?t=${encodeURIComponent(X_TOKEN)}&a=1`, secrets)).toBe('url /x?t=[redacted]&a=1');
    expect(redact(`seen as ${decodeURIComponent(X_TOKEN)} here`, secrets)).toBe('seen as [redacted] here');
  });

  it('removes access_token values and Bearer tokens it was not told about', () => {
    expect(redact('GET /v25.0/page/feed?access_token=EAAB|x/y&limit=5')).toBe('GET /v25.0/page/feed?access_token=[redacted]&limit=5');
    expect(redact('Authorization: Bearer abcdefgh12345678')).toBe('Authorization: Bearer [redacted]');
  });

  it('leaves a token that is not valid percent-encoding, and short values, alone but for the token itself', () => {
    expect(redact('odd %E0%A4%A secret', [new Secret('%E0%A4%A'), new Secret('abc')])).toBe('odd [redacted] secret');
  });
});
