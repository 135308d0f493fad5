import { sql, type Kysely } from 'kysely';

/**
 * Indirect reseller enrollment: partner profile (legal, support, billing with encrypted bank
 * data), partner-ID registry, enrollments and their timeline, verification cases with
 * information requests, responses and documents, agreement templates and acceptances, and the
 * program's settings (business-day calendar).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table program_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid
    );

    create table legal_business_profile (
      organization_id uuid primary key references organization(id),
      company_name text not null,
      address jsonb not null,
      country text not null,
      primary_contact jsonb not null,
      registration_id text,
      market_id text not null,
      currency text not null,
      market_policy_version text not null,
      -- Set when the first enrollment is submitted: the legal country is fixed from then on.
      country_locked_at timestamptz,
      version int not null default 1,
      updated_at timestamptz not null,
      updated_by uuid not null
    );

    create table support_profile (
      organization_id uuid primary key references organization(id),
      email text not null,
      phone text,
      website text,
      version int not null default 1,
      updated_at timestamptz not null,
      updated_by uuid not null
    );

    -- Bank data is AES-256-GCM ciphertext (iv.tag.ciphertext, base64); only masks are plain.
    create table billing_profile (
      organization_id uuid primary key references organization(id),
      holder_name_enc text not null,
      bank_country text not null,
      iban_enc text,
      bic_enc text,
      account_number_enc text,
      routing_number_enc text,
      masked text not null,
      tax_id text,
      key_id text not null,
      version int not null default 1,
      updated_at timestamptz not null,
      updated_by uuid not null
    );

    create table partner_id_registry (
      partner_id text primary key,
      legal_name text not null,
      country text not null,
      kind text not null check (kind in ('LOCATION', 'GLOBAL')),
      active boolean not null,
      associated_organization_id uuid unique references organization(id),
      associated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table enrollment (
      id uuid primary key,
      organization_id uuid not null references organization(id),
      program text not null check (program in ('INDIRECT_RESELLER', 'DIRECT_BILL')),
      state text not null,
      market_id text,
      currency text,
      submitted_at timestamptz,
      qualified_at timestamptz,
      activated_at timestamptz,
      rejected_at timestamptz,
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (organization_id, program)
    );

    create table enrollment_event (
      id uuid primary key,
      enrollment_id uuid not null references enrollment(id),
      organization_id uuid not null,
      action text not null,
      from_state text,
      to_state text not null,
      actor_user_id uuid,
      note text,
      data jsonb not null default '{}',
      created_at timestamptz not null
    );
    create index enrollment_event_enrollment_idx on enrollment_event (enrollment_id, created_at);

    create table verification_case (
      id uuid primary key,
      enrollment_id uuid not null references enrollment(id),
      organization_id uuid not null references organization(id),
      state text not null,
      country text not null,
      assignee_id uuid references app_user(id),
      opened_at timestamptz not null,
      due_at timestamptz not null,
      decided_at timestamptz,
      business_check text not null default 'PENDING',
      reason_code text,
      decision_note text,
      overdue_notified_at timestamptz,
      version int not null default 1,
      updated_at timestamptz not null
    );
    create index verification_case_queue_idx on verification_case (state, due_at);
    create index verification_case_org_idx on verification_case (organization_id, opened_at desc);

    create table information_request (
      id uuid primary key,
      case_id uuid not null references verification_case(id),
      organization_id uuid not null,
      items jsonb not null,
      requested_by uuid not null references app_user(id),
      created_at timestamptz not null,
      answered_at timestamptz
    );
    create index information_request_case_idx on information_request (case_id, created_at);

    create table verification_response (
      id uuid primary key,
      case_id uuid not null references verification_case(id),
      organization_id uuid not null,
      information_request_id uuid references information_request(id),
      receipt_id text not null unique,
      message text not null,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null
    );

    create table document (
      id uuid primary key,
      organization_id uuid not null references organization(id),
      response_id uuid references verification_response(id),
      filename text not null,
      content_type text not null,
      size_bytes int not null,
      sha256 text not null,
      content bytea not null,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null
    );
    create index document_response_idx on document (response_id);

    create table agreement_template (
      id uuid primary key,
      type text not null,
      version text not null,
      locale text not null,
      title text not null,
      body text not null,
      content_sha256 text not null,
      effective_at timestamptz not null,
      requires_reacceptance boolean not null default false,
      published_by uuid,
      created_at timestamptz not null,
      unique (type, version, locale)
    );

    create table agreement_acceptance (
      id uuid primary key,
      organization_id uuid not null references organization(id),
      enrollment_id uuid not null references enrollment(id),
      template_id uuid not null references agreement_template(id),
      type text not null,
      version text not null,
      locale text not null,
      content_sha256 text not null,
      market_id text,
      signer_user_id uuid not null references app_user(id),
      signer_name text not null,
      signer_title text not null,
      signer_email text not null,
      ip text not null,
      user_agent text,
      accepted_at timestamptz not null
    );
    create index agreement_acceptance_org_idx on agreement_acceptance (organization_id, accepted_at);
    -- An acceptance is a signed record: it never changes.
    create trigger agreement_acceptance_no_change before update or delete on agreement_acceptance
      for each row execute function audit_event_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table agreement_acceptance, agreement_template, document, verification_response, information_request,
    verification_case, enrollment_event, enrollment, partner_id_registry, billing_profile, support_profile,
    legal_business_profile, program_setting cascade;`.execute(db);
}
