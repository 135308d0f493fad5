import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, request } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function mockFetch(response: () => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  });
  return calls;
}

function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 't', status, code, detail: 'd', requestId: 'req-1' }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends JSON with a content type only when there is a body, and the cookie same-origin', async () => {
    const calls = mockFetch(() => new Response(JSON.stringify({ status: 'CODE_SENT', expiresInSeconds: 600 }), { status: 202 }));
    const result = await api.auth.signIn('a@contoso.example', 'zh-TW');
    expect(result.expiresInSeconds).toBe(600);
    const first = calls[0]!;
    expect(first.url).toBe('/api/v1/auth/sign-in');
    expect(first.init.method).toBe('POST');
    expect(first.init.credentials).toBe('same-origin');
    expect((first.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(first.init.body))).toEqual({ email: 'a@contoso.example', locale: 'zh-TW' });
  });

  it('sends no content type and no body on a write without one, and returns undefined for 204', async () => {
    const calls = mockFetch(() => new Response(null, { status: 204 }));
    await expect(api.auth.signOut()).resolves.toBeUndefined();
    await api.organization.revokeInvitation('a/b');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect(calls[0]!.init.body).toBeUndefined();
    expect(calls[1]!.url).toBe('/api/v1/organization/invitations/a%2Fb');
    expect(calls[1]!.init.method).toBe('DELETE');
  });

  it('turns a problem response into an ApiError carrying the catalogue code', async () => {
    mockFetch(() => problem(422, 'WORK_EMAIL_REQUIRED'));
    const error = await api.auth.signIn('someone@gmail.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'WORK_EMAIL_REQUIRED', requestId: 'req-1' });
  });

  it('reads Retry-After on RATE_LIMITED', async () => {
    mockFetch(() => problem(429, 'RATE_LIMITED', { 'Retry-After': '30' }));
    await expect(request('POST', '/auth/sign-in', { email: 'a@b.example' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
  });

  it('maps an unknown code or a non-JSON error body by status', async () => {
    mockFetch(() => problem(401, 'SOMETHING_NEW'));
    await expect(api.me.get()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    mockFetch(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(api.me.get()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    mockFetch(() => new Response('oops', { status: 500 }));
    await expect(api.me.get()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('reports a network failure as SERVICE_UNAVAILABLE with status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.me.get()).rejects.toMatchObject({ status: 0, code: 'SERVICE_UNAVAILABLE' });
  });
});
