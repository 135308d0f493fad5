import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for sensitive fields (bank details): AES-256-GCM under one 32-byte data key.
 *
 * Stored form: `v1.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>`, where keyId is the first 8 hex
 * digits of sha256(key), so a value encrypted under another key is recognised as such instead of
 * failing as "tampered". The version and keyId are authenticated too (GCM additional data), and
 * so is an optional caller context (e.g. `billing_profile:<organizationId>:iban`), which stops a
 * ciphertext being copied from one row or column into another.
 */
export interface DataCipher {
  /** First 8 hex digits of sha256(key): stored next to ciphertexts (billing_profile.key_id). */
  readonly keyId: string;
  encrypt(plaintext: string, context?: string): string;
  /** Throws DataKeyError when the value is malformed, from another key, or tampered with. */
  decrypt(value: string, context?: string): string;
}

export class DataKeyError extends Error {
  override readonly name = 'DataKeyError';
}

const VERSION = 'v1';
const KEY_FILE = 'data.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key's id: first 8 hex digits of its SHA-256. */
export function dataKeyId(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Parses a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe alphabet).
 * Throws DataKeyError for anything else, without echoing the value.
 */
export function parseDataKey(value: string): Buffer {
  const v = value.trim();
  // 64 hex digits are also valid base64 (of 48 bytes), so hex is tried first.
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new DataKeyError('CSP_DATA_KEY must be 32 bytes written as 64 hex digits or as base64 (e.g. `openssl rand -base64 32`).');
}

/** Builds the cipher over one key. */
export function createDataCipher(key: Buffer): DataCipher {
  if (key.length !== 32) throw new DataKeyError('The data key must be 32 bytes');
  const keyId = dataKeyId(key);
  const aad = (context: string | undefined) => Buffer.from(`${VERSION}.${keyId}.${context ?? ''}`, 'utf8');
  return {
    keyId,
    encrypt(plaintext, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyId, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join('.');
    },
    decrypt(value, context) {
      const parts = value.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new DataKeyError('Not a v1 encrypted value');
      const [, id, ivB64, tagB64, ctB64] = parts as [string, string, string, string, string];
      if (id !== keyId) throw new DataKeyError(`Encrypted under data key ${id}, but the configured key is ${keyId}`);
      const iv = Buffer.from(ivB64, 'base64');
      const tag = Buffer.from(tagB64, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DataKeyError('Malformed encrypted value');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new DataKeyError('The encrypted value was tampered with (or belongs to another record)');
      }
    },
  };
}

/**
 * Reads DATA_DIR/data.key, creating it once (32 random bytes, base64, mode 0600) when missing.
 * Creation is atomic: the key is written to a private temporary file and hard-linked into place,
 * so two processes starting together agree on one key and never read a half-written file.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = path.join(dataDir, `.${KEY_FILE}.${process.pid}.${crypto.randomBytes(6).toString('hex')}`);
    fs.writeFileSync(tmp, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  try {
    return parseDataKey(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof DataKeyError) throw new DataKeyError(`${file} does not hold a 32-byte base64 or hex key`);
    throw e;
  }
}

/** The data cipher of a configuration: CSP_DATA_KEY when set, else DATA_DIR/data.key. */
export function loadDataCipher(config: { dataKey: string | undefined; dataDir: string }): DataCipher {
  return createDataCipher(config.dataKey ? parseDataKey(config.dataKey) : loadOrCreateKeyFile(config.dataDir));
}
