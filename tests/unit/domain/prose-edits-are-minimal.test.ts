import * as Y from 'yjs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { replaceText } from '../../../src/domain/y-plain.ts';

function textWith(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, content);
  return text;
}

describe('replacing prose', () => {
  test('changes only the differing middle, so a concurrent insert elsewhere survives', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Mutter kommt zum Termin.');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceText(a.getText('t'), 'Mutter kommt morgen zum Termin.');
    replaceText(b.getText('t'), 'Mutter kommt zum Termin. Dolmetscherin bestellt.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Mutter kommt morgen zum Termin. Dolmetscherin bestellt.');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });

  test('never splits an emoji, which would reach other devices as broken characters', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Termin 😀 ok');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
    replaceText(a.getText('t'), 'Termin 😃 ok');
    expect(a.getText('t').toString()).toBe('Termin 😃 ok');
    expect(b.getText('t').toString()).toBe('Termin 😃 ok');
  });

  test('always ends with exactly the new text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (before, after) => {
        const text = textWith(before);
        replaceText(text, after);
        expect(text.toString()).toBe(after);
      }),
    );
  });
});
