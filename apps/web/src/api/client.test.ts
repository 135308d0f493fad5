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

describe('enrollment endpoints', () => {
  it('sends If-Match with the ETag it read, and returns the new ETag', async () => {
    const calls = mockFetch(() => new Response(JSON.stringify({ email: 's@contoso.example', version: 3 }), { status: 200, headers: { ETag: '"3"' } }));
    const saved = await api.profile.saveSupport({ email: 's@contoso.example' }, '"2"');
    expect((calls[0]!.init.headers as Record<string, string>)['If-Match']).toBe('"2"');
    expect(calls[0]!.init.method).toBe('PUT');
    expect(saved).toEqual({ data: { email: 's@contoso.example', version: 3 }, etag: '"3"' });
  });

  it('reads a missing profile part (404) as empty, not as an error', async () => {
    mockFetch(() => problem(404, 'NOT_FOUND'));
    await expect(api.profile.legal()).resolves.toEqual({ data: null, etag: null });
    await expect(api.verification.mine()).resolves.toBeNull();
  });

  it('keeps 412 as PRECONDITION_FAILED so the form can offer a reload', async () => {
    mockFetch(() => problem(412, 'PRECONDITION_FAILED'));
    await expect(api.profile.saveSupport({ email: 'a@b.example' }, '"1"')).rejects.toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
  });

  it('posts a response as multipart without setting the content type (the browser adds the boundary)', async () => {
    const calls = mockFetch(() => new Response(JSON.stringify({ receiptId: 'VR-1', responseId: 'r', documents: [] }), { status: 201 }));
    const file = new File([new Uint8Array([37, 80, 68, 70])], 'a.pdf', { type: 'application/pdf' });
    await api.verification.respond('Here you are', [file]);
    const init = calls[0]!.init;
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    const body = init.body as FormData;
    expect(body.get('message')).toBe('Here you are');
    expect((body.getAll('documents')[0] as File).name).toBe('a.pdf');
  });

  it('sends a registry import as text/csv', async () => {
    const calls = mockFetch(() => new Response(JSON.stringify({ created: 1, updated: 0, errors: [] }), { status: 200 }));
    await api.admin.importPartnerIds('partnerId,legalName,country,kind,active\n1,A,TW,LOCATION,true\n');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(String(calls[0]!.init.body)).toContain('partnerId,legalName');
  });

  it('builds the queue query from the filters it is given only', async () => {
    const calls = mockFetch(() => new Response(JSON.stringify({ items: [], nextCursor: null }), { status: 200 }));
    await api.admin.cases({ state: 'OPEN', overdue: 'true', assignee: 'me', country: '', limit: 50, cursor: null });
    expect(calls[0]!.url).toBe('/api/v1/admin/verification-cases?state=OPEN&overdue=true&assignee=me&limit=50');
  });
});
