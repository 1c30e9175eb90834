// The recording beside a transcript: which turn is playing, how times are shown, and which keys
// drive the player (the ones transcription software uses).

/** A turn's place in the recording, as the core gives it (milliseconds, or null). */
export interface Timed {
  start_ms: number | null;
  end_ms: number | null;
}

/** A time as the exports show it: `hh:mm:ss`, tenths dropped. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * The turn playing at `ms`: the last timed turn that starts at or before it, if `ms` is before
 * its end (a turn without an end runs until the next timed turn). -1 when none is.
 */
export function playingIndex(turns: readonly Timed[], ms: number): number {
  let found = -1;
  for (let i = 0; i < turns.length; i++) {
    const start = turns[i]?.start_ms;
    if (start === null || start === undefined) continue;
    if (start > ms) break;
    found = i;
  }
  if (found < 0) return -1;
  const end = turns[found]?.end_ms;
  return end === null || end === undefined || ms < end ? found : -1;
}

/** What a key does to the player. */
export type PlayerAction = 'toggle' | 'back' | 'forward' | 'slower' | 'faster';

/**
 * The player's keys, as f4/f5 and oTranscribe have them: F4 (or Ctrl+Space) plays and pauses,
 * F1 jumps back 5 s and F2 forward, F3 slows down and Shift+F3 speeds up.
 */
export function playerKey(e: { key: string; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }): PlayerAction | null {
  if (e.altKey || e.metaKey) return null;
  if (e.key === 'F4' || (e.ctrlKey && e.key === ' ')) return 'toggle';
  if (e.ctrlKey) return null;
  if (e.key === 'F1') return 'back';
  if (e.key === 'F2') return 'forward';
  if (e.key === 'F3') return e.shiftKey ? 'faster' : 'slower';
  return null;
}

/** The speeds offered, slowest first. */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** The next speed up or down from `rate`, staying within 0.5–2×. */
export function stepSpeed(rate: number, up: boolean): number {
  if (up) return SPEEDS.find((s) => s > rate + 1e-9) ?? SPEEDS[SPEEDS.length - 1]!;
  return [...SPEEDS].reverse().find((s) => s < rate - 1e-9) ?? SPEEDS[0];
}

/** How far F1 and F2 jump, in seconds. */
export const JUMP_SECONDS = 5;

/** The file types the player takes, for the file dialog. */
export const MEDIA_EXTENSIONS = ['mp3', 'm4a', 'wav', 'ogg', 'mp4', 'webm'];
