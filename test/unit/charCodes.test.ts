import * as assert from 'node:assert/strict';
import { charCodes } from '../../src/core/charCodes';

function expectedCodes(text: string): number[] {
  return Array.from({ length: text.length }, (_, index) => text.charCodeAt(index));
}

describe('charCodes', () => {
  it('gives every UTF-16 code unit of a text, surrogate halves included', () => {
    const text = 'Islamabad’s “reset” 🇵🇰 — 5%';
    assert.deepEqual([...charCodes(text)], expectedCodes(text));
  });

  it('keeps a lone surrogate as it is (a text cut inside a pair, or damaged)', () => {
    const text = 'cut \ud83c here and \udde6 there';
    assert.deepEqual([...charCodes(text)], expectedCodes(text));
    assert.deepEqual([...charCodes(text, 4, 6)], [0xd83c, 0x20]);
  });

  it('gives a range of the text, offsets counted from its start', () => {
    const text = 'The loan — $7 billion — was approved.';
    const start = text.indexOf('$');
    const end = text.indexOf(' was');
    assert.deepEqual([...charCodes(text, start, end)], expectedCodes(text.slice(start, end)));
  });

  it('handles one-byte text, an empty text and an empty range', () => {
    assert.deepEqual([...charCodes('plain ASCII, café')], expectedCodes('plain ASCII, café'));
    assert.equal(charCodes('').length, 0);
    assert.equal(charCodes('text', 2, 2).length, 0);
  });

  it('is exact for texts small enough to share a buffer pool and large enough not to', () => {
    for (const length of [1, 3, 4095, 4096, 70_000]) {
      const text = 'ab’'.repeat(Math.ceil(length / 3)).slice(0, length);
      assert.deepEqual([...charCodes(text, 1)], expectedCodes(text.slice(1)));
    }
  });
});
