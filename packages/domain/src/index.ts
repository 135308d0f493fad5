export * from './errors.ts';
export * from './roles.ts';
export * from './policy.ts';
export * from './email.ts';
export * from './locales.ts';
