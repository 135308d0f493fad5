import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, expectProblem, invite, latestCode, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const inviteReq = (cookie: string, email: string, role = 'member') =>
  s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { cookie }, payload: { email, role } });
const listInvitations = async (cookie: string) => {
  const r = await s.app.inject({ method: 'GET', url: '/api/v1/organization/invitations', headers: { cookie } });
  expect(r.statusCode).toBe(200);
  return r.json().items as Array<{ id: string; email: string; role: string; status: string }>;
};
const changeRole = (cookie: string, userId: string, role: string) =>
  s.app.inject({ method: 'PATCH', url: `/api/v1/organization/users/${userId}`, headers: { cookie }, payload: { role } });
const roleInDb = async (userId: string) => (await db().selectFrom('appUser').select('role').where('id', '=', userId).executeTakeFirstOrThrow()).role;
const counts = async () => {
  const audit = await db().selectFrom('auditEvent').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const mail = await db().selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const inv = await db().selectFrom('invitation').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { audit: Number(audit.n), mail: Number(mail.n), invitations: Number(inv.n) };
};

describe('invitations', () => {
  it("invites a colleague with 201 and emails the invitee in the inviter's language", async () => {
    const admin = await signIn(s, 'boss@contoso.example');
    expect((await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: admin.cookie }, payload: { locale: 'zh-TW' } })).statusCode).toBe(200);

    const before = Date.now();
    const r = await inviteReq(admin.cookie, 'Carol@Contoso.example', 'account_admin');
    expect(r.statusCode).toBe(201);
    const inv = r.json();
    expect(inv).toMatchObject({ email: 'carol@contoso.example', role: 'account_admin', status: 'PENDING' });
    const ttl = new Date(inv.expiresAt).getTime() - new Date(inv.createdAt).getTime();
    expect(ttl).toBe(14 * 24 * 3600_000);
    expect(new Date(inv.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const mails = await db().selectFrom('notification').selectAll().where('toEmail', '=', 'carol@contoso.example').execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: 'invitation', locale: 'zh-TW', organizationId: admin.body.organization!.id });

    const row = await db().selectFrom('invitation').selectAll().where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organizationId: admin.body.organization!.id, invitedBy: admin.body.user.id, role: 'account_admin', acceptedAt: null, revokedAt: null });
    const audit = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'INVITATION_CREATED').where('subjectId', '=', inv.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('lists open invitations and stops listing a revoked one, which then no longer admits', async () => {
    const admin = await signIn(s, 'boss@fabrikam.example');
    const a = await invite(s, admin.cookie, 'dave@fabrikam.example', 'member');
    const b = await invite(s, admin.cookie, 'erin@fabrikam.example', 'sales_agent');
    const listed = await listInvitations(admin.cookie);
    expect(listed.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.find((i) => i.id === b.id)).toMatchObject({ email: 'erin@fabrikam.example', role: 'sales_agent', status: 'PENDING' });

    const del = await s.app.inject({ method: 'DELETE', url: `/api/v1/organization/invitations/${a.id}`, headers: { cookie: admin.cookie } });
    expect(del.statusCode).toBe(204);
    expect((await listInvitations(admin.cookie)).map((i) => i.id)).toEqual([b.id]);
    const row = await db().selectFrom('invitation').select('revokedAt').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.revokedAt).not.toBeNull();
    expectProblem(await s.app.inject({ method: 'DELETE', url: `/api/v1/organization/invitations/${a.id}`, headers: { cookie: admin.cookie } }), 404, 'NOT_FOUND');

    await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'dave@fabrikam.example' } });
    const code = await latestCode(s, 'dave@fabrikam.example');
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { email: 'dave@fabrikam.example', code } }), 403, 'INVITATION_REQUIRED');
  });

  it('refuses an address on another domain with 422 INVITATION_DOMAIN_MISMATCH', async () => {
    const admin = await signIn(s, 'boss@tailspin.example');
    const before = await counts();
    const p = expectProblem(await inviteReq(admin.cookie, 'someone@wingtip.example'), 422, 'INVITATION_DOMAIN_MISMATCH');
    expect(p.details).toMatchObject({ domain: 'tailspin.example' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a second open invitation for one address with 409 INVITATION_ALREADY_EXISTS', async () => {
    const admin = await signIn(s, 'boss@litware.example');
    await invite(s, admin.cookie, 'frank@litware.example', 'member');
    const before = await counts();
    expectProblem(await inviteReq(admin.cookie, 'FRANK@litware.example', 'global_admin'), 409, 'INVITATION_ALREADY_EXISTS');
    expect(await counts()).toEqual(before);
  });

  it('refuses to invite an existing user with 409 USER_ALREADY_EXISTS', async () => {
    const admin = await signIn(s, 'boss@adatum.example');
    await signInInvited(s, admin.cookie, 'gina@adatum.example', 'member');
    expectProblem(await inviteReq(admin.cookie, 'gina@adatum.example'), 409, 'USER_ALREADY_EXISTS');
    expectProblem(await inviteReq(admin.cookie, 'boss@adatum.example'), 409, 'USER_ALREADY_EXISTS');
  });
});

describe('paging', () => {
  it('pages users and invitations with nextCursor and refuses a forged cursor with 400', async () => {
    const admin = await signIn(s, 'boss@paging.example');
    await signInInvited(s, admin.cookie, 'pat@paging.example', 'member');
    for (const name of ['quinn', 'rosa', 'sam']) await invite(s, admin.cookie, `${name}@paging.example`, 'member');
    for (const [path, total] of [['users', 2], ['invitations', 3]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await s.app.inject({ method: 'GET', url: `/api/v1/organization/${path}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: { cookie: admin.cookie } });
        expect(r.statusCode).toBe(200);
        const page = r.json() as { items: Array<{ id: string }>; nextCursor: string | null };
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen, path).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      const forged = await s.app.inject({ method: 'GET', url: `/api/v1/organization/${path}?cursor=not-a-cursor`, headers: { cookie: admin.cookie } });
      expect(expectProblem(forged, 400, 'VALIDATION_FAILED').details).toMatchObject({ issues: [{ path: 'querystring.cursor' }] });
    }
  });
});

describe('roles', () => {
  it('lets only a global admin invite, revoke and change roles: an account admin gets 403 FORBIDDEN', async () => {
    const admin = await signIn(s, 'boss@proseware.example');
    const acct = await signInInvited(s, admin.cookie, 'hank@proseware.example', 'account_admin');
    const member = await signInInvited(s, admin.cookie, 'ivy@proseware.example', 'member');
    const open = await invite(s, admin.cookie, 'jack@proseware.example', 'member');
    const before = await counts();

    expectProblem(await inviteReq(acct.cookie, 'kim@proseware.example'), 403, 'FORBIDDEN');
    expectProblem(await s.app.inject({ method: 'DELETE', url: `/api/v1/organization/invitations/${open.id}`, headers: { cookie: acct.cookie } }), 403, 'FORBIDDEN');
    expectProblem(await changeRole(acct.cookie, member.body.user.id, 'global_admin'), 403, 'FORBIDDEN');
    expectProblem(await changeRole(acct.cookie, acct.body.user.id, 'global_admin'), 403, 'FORBIDDEN');

    expect(await counts()).toEqual(before);
    expect(await roleInDb(member.body.user.id)).toBe('member');
    expect(await roleInDb(acct.body.user.id)).toBe('account_admin');
    expect((await listInvitations(acct.cookie)).map((i) => i.id)).toEqual([open.id]);
  });

  it("lists the organization's users with their roles", async () => {
    const admin = await signIn(s, 'boss@woodgrove.example');
    const lee = await signInInvited(s, admin.cookie, 'lee@woodgrove.example', 'billing_admin');
    await signIn(s, 'outsider@northwind-traders.example');
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/organization/users', headers: { cookie: lee.cookie } });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ email: string; role: string }>;
    expect(items.map((u) => [u.email, u.role]).sort()).toEqual([['boss@woodgrove.example', 'global_admin'], ['lee@woodgrove.example', 'billing_admin']]);
  });

  it('changes a role and audits it with from and to', async () => {
    const admin = await signIn(s, 'boss@relecloud.example');
    const mia = await signInInvited(s, admin.cookie, 'mia@relecloud.example', 'member');
    const r = await changeRole(admin.cookie, mia.body.user.id, 'admin_agent');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: mia.body.user.id, role: 'admin_agent' });
    expect(await roleInDb(mia.body.user.id)).toBe('admin_agent');
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: mia.cookie } })).json().roles).toEqual(['admin_agent']);

    const events = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'ROLE_CHANGED').where('subjectId', '=', mia.body.user.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: admin.body.user.id, organizationId: admin.body.organization!.id, subjectType: 'user', data: { from: 'member', to: 'admin_agent' } });
  });

  it("applies a demotion to the user's API token on the very next request", async () => {
    const admin = await signIn(s, 'boss@tailspin.example');
    const ada = await signInInvited(s, admin.cookie, 'ada@tailspin.example', 'global_admin');
    const bearer = await bearerFor(s, ada.cookie);
    // Warm the token cache, then demote.
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/organization/invitations', headers: { authorization: bearer } })).statusCode).toBe(200);
    expect((await changeRole(admin.cookie, ada.body.user.id, 'member')).statusCode).toBe(200);
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { authorization: bearer }, payload: { email: 'x@tailspin.example', role: 'member' } });
    expect(r.statusCode).toBe(403);
  });

  it('refuses to demote the last global admin with 409 LAST_GLOBAL_ADMIN', async () => {
    const admin = await signIn(s, 'boss@bellows.example');
    const nora = await signInInvited(s, admin.cookie, 'nora@bellows.example', 'member');
    const before = await counts();
    expectProblem(await changeRole(admin.cookie, admin.body.user.id, 'member'), 409, 'LAST_GLOBAL_ADMIN');
    expect(await roleInDb(admin.body.user.id)).toBe('global_admin');
    expect(await counts()).toEqual(before);

    // With a second global admin, the first may step down.
    expect((await changeRole(admin.cookie, nora.body.user.id, 'global_admin')).statusCode).toBe(200);
    expect((await changeRole(admin.cookie, admin.body.user.id, 'member')).statusCode).toBe(200);
    expectProblem(await changeRole(nora.cookie, nora.body.user.id, 'member'), 409, 'LAST_GLOBAL_ADMIN');
  });

  it('keeps one global admin when two admins demote each other at the same moment', async () => {
    const admin = await signIn(s, 'boss@fourthcoffee.example');
    const olga = await signInInvited(s, admin.cookie, 'olga@fourthcoffee.example', 'global_admin');
    const results = await Promise.all([changeRole(admin.cookie, olga.body.user.id, 'member'), changeRole(olga.cookie, admin.body.user.id, 'member')]);
    // One wins; the other is refused: LAST_GLOBAL_ADMIN, or FORBIDDEN if its caller was already demoted.
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect(['LAST_GLOBAL_ADMIN', 'FORBIDDEN']).toContain(results.find((r) => r.statusCode !== 200)?.json().code);
    const admins = await db().selectFrom('appUser').select('id').where('organizationId', '=', admin.body.organization!.id).where('role', '=', 'global_admin').execute();
    expect(admins).toHaveLength(1);
  });
});
