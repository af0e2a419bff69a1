import { describe, expect, it } from 'vitest';
import {
  admitFile,
  ATTACHMENT_LIMITS,
  ENCRYPTION_OVERHEAD_BYTES,
  MAX_IMAGE_INPUT_BYTES,
  scaledSize,
  sizeRefusal,
  typeOf,
} from '../../../src/domain/attachments.ts';
import * as Y from 'yjs';
import { addItem } from '../../../src/domain/case-write-items.ts';
import { readCase } from '../../../src/domain/case-read.ts';

const MB = 1024 * 1024;

describe('what may be attached', () => {
  it('takes photos and PDFs, and refuses other types with the type named', () => {
    expect(admitFile({ type: 'image/jpeg', name: 'a.jpg', size: 4 * MB })).toEqual({
      ok: true,
      kind: 'image',
    });
    expect(admitFile({ type: 'image/png', name: 'a.png', size: 10 })).toEqual({ ok: true, kind: 'image' });
    expect(admitFile({ type: 'application/pdf', name: 'b.pdf', size: MB })).toEqual({
      ok: true,
      kind: 'document',
    });
    expect(admitFile({ type: 'application/msword', name: 'c.doc', size: 10 })).toEqual({
      ok: false,
      refusal: { code: 'attachment-type-unsupported', type: 'application/msword' },
    });
    expect(admitFile({ type: 'image/heic', name: 'd.heic', size: 10 })).toMatchObject({ ok: false });
    expect(admitFile({ type: 'application/pdf', name: 'e.pdf', size: 0 })).toEqual({
      ok: false,
      refusal: { code: 'attachment-empty' },
    });
  });

  it('reads the type from the name when the browser gives none', () => {
    expect(typeOf({ type: '', name: 'Bescheid.PDF' })).toBe('application/pdf');
    expect(typeOf({ type: '', name: 'scan.jpeg' })).toBe('image/jpeg');
    expect(typeOf({ type: '', name: 'ohne-endung' })).toBe('application/octet-stream');
  });

  it('refuses a file whose encrypted size is over the per-file limit, counting the encryption', () => {
    const largest = ATTACHMENT_LIMITS.fileBytes - ENCRYPTION_OVERHEAD_BYTES;
    expect(sizeRefusal(largest)).toBeUndefined();
    expect(sizeRefusal(largest + 1)).toEqual({
      code: 'attachment-too-large',
      maxBytes: ATTACHMENT_LIMITS.fileBytes,
    });
    expect(admitFile({ type: 'application/pdf', name: 'x.pdf', size: largest + 1 })).toMatchObject({
      ok: false,
      refusal: { code: 'attachment-too-large' },
    });
    // Images are judged after downscaling; only absurd inputs are refused before.
    expect(admitFile({ type: 'image/jpeg', name: 'x.jpg', size: largest + 1 })).toMatchObject({ ok: true });
    expect(admitFile({ type: 'image/jpeg', name: 'x.jpg', size: MAX_IMAGE_INPUT_BYTES + 1 })).toMatchObject({
      ok: false,
    });
  });

  it('refuses a file that would fill the case beyond its limit', () => {
    const almostFull = ATTACHMENT_LIMITS.caseBytes - MB;
    expect(sizeRefusal(MB / 2, almostFull)).toBeUndefined();
    expect(sizeRefusal(MB, almostFull)).toEqual({
      code: 'case-attachments-full',
      maxBytes: ATTACHMENT_LIMITS.caseBytes,
    });
  });

  it('scales the longest side down to 2,000 pixels, keeping the proportions, and never enlarges', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 2000, height: 1500 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1500, height: 2000 });
    expect(scaledSize(1200, 800)).toEqual({ width: 1200, height: 800 });
    expect(scaledSize(10000, 3)).toEqual({ width: 2000, height: 1 });
  });
});

describe('an attachment in the case doc', () => {
  const valid = {
    name: 'Bescheid Jobcenter.jpg',
    type: 'image/jpeg',
    size: 400_000,
    storedSize: 400_028,
    hash: 'a'.repeat(64),
    key: `${'A'.repeat(43)}=`,
    linkPart: 'notices',
    linkId: 'n-1',
    addedAt: '2026-12-07T10:00:00.000Z',
  } as const;

  it('holds only the description, and reads back what was written', () => {
    const doc = new Y.Doc();
    const added = addItem(doc, 'attachments', valid, { actor: 'u-1' });
    expect(added.ok).toBe(true);
    const { file, problems } = readCase(doc);
    expect(problems).toEqual([]);
    expect(file.attachments).toEqual([expect.objectContaining({ ...valid })]);
  });

  it('refuses a description with a malformed hash or key', () => {
    const doc = new Y.Doc();
    expect(addItem(doc, 'attachments', { ...valid, hash: 'xyz' }, {}).ok).toBe(false);
    expect(addItem(doc, 'attachments', { ...valid, key: 'short' }, {}).ok).toBe(false);
    expect(readCase(doc).file.attachments).toEqual([]);
  });
});
