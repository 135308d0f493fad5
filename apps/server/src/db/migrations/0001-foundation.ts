import { sql, type Kysely } from 'kysely';

/** Organizations, users, sign-in, sessions, API tokens, invitations, audit log, notifications. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organization (
      id uuid primary key,
      name text not null,
      domain text not null unique,
      created_at timestamptz not null default now()
    );
    create table app_user (
      id uuid primary key,
      email text not null unique,
      organization_id uuid references organization(id),
      role text,
      staff_role text,
      display_name text,
      locale text not null default 'en-US',
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz,
      check ((organization_id is null) = (role is null)),
      check (role is not null or staff_role is not null)
    );
    create index app_user_organization_idx on app_user (organization_id, created_at);
    create table sign_in_code (
      id uuid primary key,
      email text not null,
      code_hash text not null,
      locale text not null,
      ip text not null,
      attempts int not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      consumed_at timestamptz
    );
    create index sign_in_code_email_idx on sign_in_code (email, created_at desc);
    create table sign_in_request (
      id bigserial primary key,
      ip text not null,
      created_at timestamptz not null default now()
    );
    create index sign_in_request_ip_idx on sign_in_request (ip, created_at);
    create table session (
      id uuid primary key,
      token_hash text not null unique,
      user_id uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create table api_token (
      id uuid primary key,
      user_id uuid not null references app_user(id),
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_user_idx on api_token (user_id, created_at);
    create table invitation (
      id uuid primary key,
      organization_id uuid not null references organization(id),
      email text not null,
      role text not null,
      invited_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    );
    create index invitation_org_idx on invitation (organization_id, created_at);
    create index invitation_email_idx on invitation (email);
    create table audit_event (
      seq bigserial primary key,
      id uuid not null unique,
      actor_user_id uuid,
      organization_id uuid,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      data jsonb not null default '{}',
      request_id text,
      created_at timestamptz not null,
      prev_hash text not null,
      hash text not null
    );
    create index audit_event_org_idx on audit_event (organization_id, seq);
    create index audit_event_subject_idx on audit_event (subject_id, seq);
    -- Append-only: the log refuses updates and deletes at the database level.
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_event is append-only'; end $$;
    create trigger audit_event_no_change before update or delete on audit_event
      for each row execute function audit_event_append_only();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_append_only();
    create table notification (
      id uuid primary key,
      organization_id uuid,
      to_email text not null,
      locale text not null,
      template text not null,
      subject text not null,
      text text not null,
      html text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts int not null default 0,
      last_error text
    );
    create table dev_mail (
      id uuid primary key,
      notification_id uuid not null unique references notification(id),
      to_email text not null,
      subject text not null,
      text text not null,
      html text not null,
      created_at timestamptz not null default now()
    );
    create index dev_mail_created_idx on dev_mail (created_at desc);
    create table idempotency_key (
      key text not null,
      user_id uuid not null,
      method text not null,
      path text not null,
      request_hash text not null,
      status_code int not null,
      body jsonb,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_key, dev_mail, notification, audit_event, invitation, api_token, session, sign_in_request, sign_in_code, app_user, organization cascade;
    drop function if exists audit_event_append_only;`.execute(db);
}
