#!/usr/bin/env bash
# Recordings for the media tests, written by FFmpeg (Debian 12's ffmpeg 5.1), so that Braid's
# reader is tested on files made by the tool researchers' recordings pass through, not by Braid.
# Each is 2.5 s: a 440 Hz tone (and, for the video, a test pattern), small enough to commit.
#   xtask/scripts/make_media_fixtures.sh   # writes tests/data/media/
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/data/media
mkdir -p "$out"
tone=(-f lavfi -i "sine=frequency=440:duration=2.5:sample_rate=16000")
ff=(ffmpeg -hide_banner -loglevel error -y -bitexact)
"${ff[@]}" "${tone[@]}" -ac 1 -c:a pcm_s16le "$out/tone.wav"
"${ff[@]}" "${tone[@]}" -ac 1 -c:a libmp3lame -b:a 32k "$out/tone.mp3"
"${ff[@]}" "${tone[@]}" -ac 1 -c:a aac -b:a 24k "$out/tone.m4a"
"${ff[@]}" "${tone[@]}" -ac 1 -c:a libvorbis -q:a 0 "$out/tone.ogg"
"${ff[@]}" "${tone[@]}" -ac 1 -c:a libopus -b:a 16k "$out/tone.webm"
"${ff[@]}" -f lavfi -i "testsrc=size=64x48:rate=10:duration=2.5" "${tone[@]}" \
  -c:v libx264 -pix_fmt yuv420p -preset veryfast -c:a aac -b:a 24k -shortest "$out/clip.mp4"
ls -l "$out"
