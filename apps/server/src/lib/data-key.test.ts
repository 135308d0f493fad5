import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataCipher, dataKeyId, DataKeyError, loadDataCipher, loadOrCreateKeyFile, parseDataKey } from './data-key.ts';

const key = crypto.randomBytes(32);
const run = (cmd: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile(cmd, args, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))));
const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-data-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Replaces one dot-separated part of a stored value. */
function withPart(value: string, index: number, f: (part: string) => string): string {
  const parts = value.split('.');
  parts[index] = f(parts[index]!);
  return parts.join('.');
}
const flipFirstByte = (b64: string) => {
  const b = Buffer.from(b64, 'base64');
  b[0] = b[0]! ^ 0x01;
  return b.toString('base64');
};

describe('data cipher', () => {
  it('round-trips text, including empty and non-ASCII, in the v1.<keyId>.<iv>.<tag>.<ciphertext> format', () => {
    const c = createDataCipher(key);
    for (const text of ['DE89370400440532013000', '', '陳大文 Ltd. — Konto', 'x'.repeat(10_000)]) {
      const enc = c.encrypt(text);
      expect(enc).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]*$/);
      expect(enc.split('.')[1]).toBe(crypto.createHash('sha256').update(key).digest('hex').slice(0, 8));
      expect(c.decrypt(enc)).toBe(text);
    }
    expect(c.keyId).toBe(dataKeyId(key));
  });

  it('uses a fresh IV each time, so equal plaintexts give different ciphertexts', () => {
    const c = createDataCipher(key);
    const a = c.encrypt('123456789');
    const b = c.encrypt('123456789');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('refuses a tampered ciphertext, tag, IV or header', () => {
    const c = createDataCipher(key);
    const enc = c.encrypt('GB82WEST12345698765432');
    const tampered = [
      withPart(enc, 4, flipFirstByte),
      withPart(enc, 3, flipFirstByte),
      withPart(enc, 2, flipFirstByte),
      withPart(enc, 0, () => 'v2'),
      withPart(enc, 4, (p) => p.slice(0, -4)),
      enc.split('.').slice(0, 4).join('.'),
      'not encrypted at all',
    ];
    for (const t of tampered) expect(() => c.decrypt(t), t).toThrow(DataKeyError);
  });

  it('binds a value to its context: a ciphertext moved to another record does not decrypt', () => {
    const c = createDataCipher(key);
    const enc = c.encrypt('Contoso GmbH', 'billing_profile:org-a:holderName');
    expect(c.decrypt(enc, 'billing_profile:org-a:holderName')).toBe('Contoso GmbH');
    expect(() => c.decrypt(enc, 'billing_profile:org-b:holderName')).toThrow(DataKeyError);
    expect(() => c.decrypt(enc)).toThrow(DataKeyError);
  });

  it('refuses a value encrypted under another key, naming both key ids', () => {
    const other = createDataCipher(crypto.randomBytes(32));
    const enc = other.encrypt('secret');
    expect(() => createDataCipher(key).decrypt(enc)).toThrow(new RegExp(`${other.keyId}.*${dataKeyId(key)}`));
    // Same key id, different key (forged header): still refused by the tag.
    expect(() => createDataCipher(key).decrypt(withPart(enc, 1, () => dataKeyId(key)))).toThrow(DataKeyError);
  });
});

describe('data key', () => {
  it('parses CSP_DATA_KEY as 64 hex digits or base64 (standard or URL-safe), and refuses anything else without echoing it', () => {
    expect(parseDataKey(key.toString('hex'))).toEqual(key);
    expect(parseDataKey(key.toString('hex').toUpperCase())).toEqual(key);
    expect(parseDataKey(key.toString('base64'))).toEqual(key);
    expect(parseDataKey(` ${key.toString('base64url')}\n`)).toEqual(key);
    for (const bad of ['', 'short', crypto.randomBytes(16).toString('base64'), crypto.randomBytes(31).toString('hex'), crypto.randomBytes(48).toString('base64'), 'zz'.repeat(32)]) {
      let message = '';
      try {
        parseDataKey(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(DataKeyError);
        message = (e as Error).message;
      }
      expect(message, bad).toMatch(/32 bytes/);
      if (bad) expect(message).not.toContain(bad);
    }
  });

  it('uses CSP_DATA_KEY when set and creates no key file', () => {
    const dir = tmpDir();
    const c = loadDataCipher({ dataKey: key.toString('base64'), dataDir: dir });
    expect(c.keyId).toBe(dataKeyId(key));
    expect(fs.existsSync(path.join(dir, 'data.key'))).toBe(false);
  });

  it('generates DATA_DIR/data.key once, with mode 0600, and reuses it', () => {
    const dir = path.join(tmpDir(), 'nested', 'data');
    const first = loadDataCipher({ dataKey: undefined, dataDir: dir });
    const file = path.join(dir, 'data.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(parseDataKey(fs.readFileSync(file, 'utf8'))).toHaveLength(32);
    const enc = first.encrypt('NL91ABNA0417164300');
    const second = loadDataCipher({ dataKey: undefined, dataDir: dir });
    expect(second.keyId).toBe(first.keyId);
    expect(second.decrypt(enc)).toBe('NL91ABNA0417164300');
    // No temporary files are left behind.
    expect(fs.readdirSync(dir)).toEqual(['data.key']);
  });

  it('agrees on one key when several processes start at once and race to create it', async () => {
    const dir = tmpDir();
    const tsx = path.resolve(import.meta.dirname, '../../../../node_modules/.bin/tsx');
    const script = `import { loadOrCreateKeyFile } from ${JSON.stringify(path.resolve(import.meta.dirname, 'data-key.ts'))}; console.log(loadOrCreateKeyFile(process.argv[1]).toString('hex'));`;
    const outputs = await Promise.all(Array.from({ length: 6 }, () => run(tsx, ['--eval', script, dir])));
    const keys = new Set(outputs.map((o) => o.trim()));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBe(loadOrCreateKeyFile(dir).toString('hex'));
    expect(fs.readdirSync(dir)).toEqual(['data.key']);
  });

  it('refuses a key file that does not hold a 32-byte key', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'data.key'), 'too short', { mode: 0o600 });
    expect(() => loadDataCipher({ dataKey: undefined, dataDir: dir })).toThrow(/data\.key does not hold a 32-byte/);
  });
});
