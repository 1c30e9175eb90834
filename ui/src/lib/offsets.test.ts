import { describe, expect, it } from 'vitest';
import {
  OffsetMap,
  codePointLength,
  codePointToUtf16,
  cutAtBoundaries,
  sliceCodePoints,
  spansPerRange,
  splitBySpans,
  utf16ToCodePoint,
  type Piece,
} from './offsets';

// Rust's `chars()` counts the same code points as the string iterator of JavaScript.
const cps = (s: string) => [...s].length;

// Each case: a text, a code-point span of a needle in it, and the needle.
const CASES: Array<[name: string, text: string, needle: string]> = [
  ['ascii', 'I miss my mom.', 'mom'],
  ['cjk (BMP, one unit per code point)', '我想妈妈，我想回家', '回家'],
  ['emoji before the match', '😀 I miss my mom', 'mom'],
  ['ZWJ family sequence', 'we 👩‍👧 went home', 'home'],
  ['flag (two regional indicators)', '🇨🇳 and 🇰🇷 flags, then teacher', 'teacher'],
  ['mixed', 'R: 我想妈妈 😀 — my teacher 👩‍👧 said “ok”', 'teacher'],
  ['astral CJK (U+20BB7)', '𠮷野家 teacher', 'teacher'],
];

/** The code-point span of the first `needle` in `text`, computed without the module under test. */
function cpSpan(text: string, needle: string) {
  const unit = text.indexOf(needle);
  const start = cps(text.slice(0, unit));
  return { start, end: start + cps(needle) };
}

function check(pieces: Piece[], expected: Array<[string, number | null]>) {
  expect(pieces.map((p) => [p.text, p.span])).toEqual(expected);
}

describe('codePointToUtf16 / utf16ToCodePoint', () => {
  it.each(CASES)('%s: a code-point span selects the needle', (_name, text, needle) => {
    const { start, end } = cpSpan(text, needle);
    expect(text.slice(codePointToUtf16(text, start), codePointToUtf16(text, end))).toBe(needle);
    expect(sliceCodePoints(text, start, end)).toBe(needle);
  });

  it.each(CASES)('%s: every offset round-trips', (_name, text) => {
    const map = new OffsetMap(text);
    expect(map.codePoints).toBe(cps(text));
    for (let cp = 0; cp <= map.codePoints; cp++) {
      expect(map.toCodePoint(map.toUtf16(cp))).toBe(cp);
    }
  });

  it('counts surrogate pairs as one code point', () => {
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('👩‍👧')).toBe(3); // woman, ZWJ, girl
    expect(codePointLength('🇨🇳')).toBe(2); // two regional indicators
    expect(codePointLength('我想妈妈')).toBe(4);
    expect(codePointToUtf16('😀a', 1)).toBe(2);
    expect(codePointToUtf16('👩‍👧a', 3)).toBe(5);
    expect(utf16ToCodePoint('😀a', 2)).toBe(1);
  });

  it('maps an index inside a surrogate pair to the code point containing it', () => {
    expect(utf16ToCodePoint('a😀b', 2)).toBe(1);
    expect(utf16ToCodePoint('a😀b', 3)).toBe(2);
  });

  it('treats a lone surrogate as one code point', () => {
    const text = 'a\ud800b';
    expect(codePointLength(text)).toBe(3);
    expect(codePointToUtf16(text, 2)).toBe(2);
  });

  it('accepts the end of the text and rejects anything beyond', () => {
    expect(codePointToUtf16('我😀', 2)).toBe(3);
    expect(utf16ToCodePoint('我😀', 3)).toBe(2);
    expect(codePointToUtf16('', 0)).toBe(0);
    expect(() => codePointToUtf16('我😀', 3)).toThrow(RangeError);
    expect(() => codePointToUtf16('abc', -1)).toThrow(RangeError);
    expect(() => codePointToUtf16('abc', 1.5)).toThrow(RangeError);
    expect(() => utf16ToCodePoint('😀', 3)).toThrow(RangeError);
  });
});

describe('splitBySpans', () => {
  it('highlights a CJK span', () => {
    check(splitBySpans('我想妈妈，我想回家', [{ start: 2, end: 4 }]), [
      ['我想', null],
      ['妈妈', 0],
      ['，我想回家', null],
    ]);
  });

  it('highlights after emoji, ZWJ sequences and flags', () => {
    const text = '😀👩‍👧🇨🇳 teacher';
    const span = cpSpan(text, 'teacher');
    expect(span).toEqual({ start: 7, end: 14 });
    check(splitBySpans(text, [span]), [
      ['😀👩‍👧🇨🇳 ', null],
      ['teacher', 0],
    ]);
  });

  it('highlights a span that is itself an emoji', () => {
    check(splitBySpans('a😀b', [{ start: 1, end: 2 }]), [
      ['a', null],
      ['😀', 0],
      ['b', null],
    ]);
  });

  it('handles a span at the end and at the start', () => {
    check(splitBySpans('my teacher', [{ start: 3, end: 10 }]), [
      ['my ', null],
      ['teacher', 0],
    ]);
    check(splitBySpans('teacher!', [{ start: 0, end: 7 }]), [
      ['teacher', 0],
      ['!', null],
    ]);
  });

  it('drops empty and out-of-range spans, and clips partial ones', () => {
    check(splitBySpans('abc', [{ start: 1, end: 1 }]), [['abc', null]]);
    check(splitBySpans('abc', [{ start: 5, end: 9 }]), [['abc', null]]);
    check(splitBySpans('abc', [{ start: 2, end: 9 }]), [
      ['ab', null],
      ['c', 0],
    ]);
    check(splitBySpans('', [{ start: 0, end: 1 }]), []);
  });

  it('keeps the input order index of spans given out of order, and lets the earlier overlap win', () => {
    check(
      splitBySpans('one two three', [
        { start: 8, end: 13 },
        { start: 0, end: 3 },
        { start: 1, end: 6 },
      ]),
      [
        ['one', 1],
        [' tw', 2],
        ['o ', null],
        ['three', 0],
      ],
    );
  });

  it('uses document offsets for a turn that starts at `origin`', () => {
    const doc = 'I: 😀 hi\nR: 我想妈妈 my teacher';
    const turnStart = cpSpan(doc, 'R:').start;
    const turn = sliceCodePoints(doc, turnStart, codePointLength(doc));
    const match = cpSpan(doc, 'teacher');
    check(splitBySpans(turn, [match], turnStart), [
      ['R: 我想妈妈 my ', null],
      ['teacher', 0],
    ]);
    // A match in another turn leaves this one plain.
    check(splitBySpans(turn, [cpSpan(doc, 'hi')], turnStart), [[turn, null]]);
  });

  it.each(CASES)('%s: joining the pieces gives back the text', (_name, text, needle) => {
    const pieces = splitBySpans(text, [cpSpan(text, needle), { start: 0, end: 1 }]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.span === 0).map((p) => p.text)).toEqual([needle]);
  });
});

describe('cutAtBoundaries', () => {
  const show = (text: string, spans: Array<{ start: number; end: number }>, origin = 0) =>
    cutAtBoundaries(text, spans, origin).map((p) => [p.text, p.at, p.covers]);

  it('cuts overlapping spans into pieces that each span covers whole', () => {
    expect(
      show('one two three', [
        { start: 0, end: 7 },
        { start: 4, end: 13 },
      ]),
    ).toEqual([
      ['one ', 0, [0]],
      ['two', 4, [0, 1]],
      [' three', 7, [1]],
    ]);
  });

  it('leaves text without spans whole, and drops empty or outside spans', () => {
    expect(show('abc', [])).toEqual([['abc', 0, []]]);
    expect(show('abc', [{ start: 1, end: 1 }, { start: 7, end: 9 }])).toEqual([['abc', 0, []]]);
    expect(show('', [{ start: 0, end: 1 }])).toEqual([]);
  });

  it('uses document offsets and code points, with emoji before the span', () => {
    const doc = 'I: hi\nR: 😀 my teacher';
    const turnStart = cpSpan(doc, 'R:').start;
    const turn = sliceCodePoints(doc, turnStart, codePointLength(doc));
    const teacher = cpSpan(doc, 'teacher');
    expect(show(turn, [teacher, { start: 0, end: turnStart + 4 }], turnStart)).toEqual([
      ['R: 😀', turnStart, [1]],
      [' my ', turnStart + 4, []],
      ['teacher', teacher.start, [0]],
    ]);
  });

  it.each(CASES)('%s: joining the pieces gives back the text', (_name, text, needle) => {
    const pieces = cutAtBoundaries(text, [cpSpan(text, needle), { start: 0, end: 2 }, { start: 1, end: 5 }]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const p of pieces) expect(sliceCodePoints(text, p.at, p.at + codePointLength(p.text))).toBe(p.text);
  });
});

describe('cutAtBoundaries covers', () => {
  /** The spans covering each piece, found the slow way: every span against every piece. */
  const naive = (n: number, spans: Array<{ start: number; end: number }>) => {
    const cuts = [...new Set([0, n, ...spans.flatMap((s) => (s.start < s.end ? [s.start, s.end] : []))])].sort((a, b) => a - b);
    return cuts.slice(0, -1).map((from, i) => spans.flatMap((s, k) => (s.start <= from && (cuts[i + 1] as number) <= s.end ? [k] : [])));
  };

  it('matches every span tested against every piece, for nested, equal and touching spans', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const spans = [
      { start: 2, end: 20 },
      { start: 4, end: 8 },
      { start: 4, end: 8 },
      { start: 8, end: 12 },
      { start: 0, end: 26 },
      { start: 19, end: 21 },
      { start: 5, end: 5 },
    ];
    expect(cutAtBoundaries(text, spans).map((p) => p.covers)).toEqual(naive(text.length, spans));
  });

  it('matches the slow way on random spans', () => {
    let seed = 7;
    const random = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    const text = 'x'.repeat(60);
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: random(12) }, () => {
        const a = random(61);
        const b = random(61);
        return { start: Math.min(a, b), end: Math.max(a, b) };
      });
      expect(cutAtBoundaries(text, spans).map((p) => p.covers)).toEqual(naive(text.length, spans));
    }
  });
});

describe('spansPerRange', () => {
  const turns = [
    { start: 0, end: 10 },
    { start: 11, end: 20 },
    { start: 20, end: 35 },
  ];

  it('puts each span in every range it overlaps, and empty spans nowhere', () => {
    const spans = [
      { start: 12, end: 14 }, // inside the second turn
      { start: 5, end: 25 }, // from the first turn into the third
      { start: 10, end: 11 }, // in the gap between turns
      { start: 20, end: 20 }, // empty
      { start: 0, end: 10 }, // exactly the first turn
      { start: 34, end: 99 }, // past the end
    ];
    expect(spansPerRange(turns, spans)).toEqual([[1, 4], [0, 1], [1, 5]]);
  });

  it('handles no ranges and no spans', () => {
    expect(spansPerRange([], [{ start: 0, end: 3 }])).toEqual([]);
    expect(spansPerRange(turns, [])).toEqual([[], [], []]);
  });
});
