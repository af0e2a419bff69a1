/**
 * The encryption of one attachment for its way to the relay and to the team's other devices: AES-256-GCM
 * under a random key of its own, which travels in the case doc beside the attachment's description.
 * Sealed bytes read `[IV, 12 bytes][ciphertext and tag]`; they are named by their SHA-256, so the relay can
 * check what it received without reading it.
 */

const ADDITIONAL_DATA = new TextEncoder().encode('lotse-attachment-v1');

export interface Sealed {
  sealed: Uint8Array;
  /** Base64 of the 32-byte key. */
  key: string;
  /** SHA-256 of `sealed`, lower-case hex. */
  hash: string;
}

export class SealError extends Error {
  override name = 'SealError';
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sealAttachment(plain: Uint8Array): Promise<Sealed> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA },
      key,
      plain as Uint8Array<ArrayBuffer>,
    ),
  );
  const sealed = new Uint8Array(iv.length + cipher.length);
  sealed.set(iv);
  sealed.set(cipher, iv.length);
  return { sealed, key: toBase64(raw), hash: await sha256Hex(sealed) };
}

/** The plain file; throws `SealError` for bytes that are not what the key sealed. */
export async function openAttachment(sealed: Uint8Array, keyBase64: string): Promise<Uint8Array> {
  if (sealed.length < 12 + 16) throw new SealError('too short to be an attachment');
  const key = await crypto.subtle.importKey('raw', fromBase64(keyBase64), 'AES-GCM', false, ['decrypt']);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.slice(0, 12), additionalData: ADDITIONAL_DATA },
        key,
        sealed.slice(12),
      ),
    );
  } catch {
    throw new SealError('the attachment does not open with its key');
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
