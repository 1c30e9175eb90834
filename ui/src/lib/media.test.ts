import { describe, expect, it } from 'vitest';
import { clock, playerKey, playingIndex, stepSpeed, type Timed } from './media';

const t = (start_ms: number | null, end_ms: number | null): Timed => ({ start_ms, end_ms });
const key = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('clock', () => {
  it('shows hours, minutes and seconds, tenths dropped', () => {
    expect(clock(0)).toBe('00:00:00');
    expect(clock(62_900)).toBe('00:01:02');
    expect(clock(3_723_004)).toBe('01:02:03');
    expect(clock(-5)).toBe('00:00:00');
  });
});

describe('playingIndex', () => {
  const turns = [t(null, null), t(1_000, 4_000), t(5_000, null), t(null, null), t(9_000, 12_000)];

  it('finds the turn whose span holds the time', () => {
    expect(playingIndex(turns, 1_000)).toBe(1);
    expect(playingIndex(turns, 3_999)).toBe(1);
    expect(playingIndex(turns, 6_000)).toBe(2);
    expect(playingIndex(turns, 11_000)).toBe(4);
  });

  it('finds none before the first, in a gap after an end, or past the last end', () => {
    expect(playingIndex(turns, 500)).toBe(-1);
    expect(playingIndex(turns, 4_500)).toBe(-1);
    expect(playingIndex(turns, 12_000)).toBe(-1);
    expect(playingIndex([], 10)).toBe(-1);
  });

  it('lets a turn without an end run until the next timed turn', () => {
    expect(playingIndex(turns, 8_999)).toBe(2);
  });
});

describe('playerKey', () => {
  it('maps the transcription keys', () => {
    expect(playerKey(key('F4'))).toBe('toggle');
    expect(playerKey(key(' ', { ctrlKey: true }))).toBe('toggle');
    expect(playerKey(key('F1'))).toBe('back');
    expect(playerKey(key('F2'))).toBe('forward');
    expect(playerKey(key('F3'))).toBe('slower');
    expect(playerKey(key('F3', { shiftKey: true }))).toBe('faster');
  });

  it('leaves other keys alone, and Alt or Meta combinations to the system', () => {
    expect(playerKey(key(' '))).toBeNull();
    expect(playerKey(key('a'))).toBeNull();
    expect(playerKey(key('F4', { altKey: true }))).toBeNull();
    expect(playerKey(key('F1', { ctrlKey: true }))).toBeNull();
  });
});

describe('stepSpeed', () => {
  it('steps through the offered speeds and stops at the ends', () => {
    expect(stepSpeed(1, true)).toBe(1.25);
    expect(stepSpeed(1, false)).toBe(0.75);
    expect(stepSpeed(2, true)).toBe(2);
    expect(stepSpeed(0.5, false)).toBe(0.5);
    expect(stepSpeed(1.1, false)).toBe(1);
  });
});
