#!/usr/bin/env bash
# Regenerates the bundled exhibition's sample video, poster and captions with Debian's ffmpeg.
# They stand in for exhibitors' own videos (the manifest marks its content as sample content).
# Usage: scripts/make-sample-media.sh   (writes scenes/guangxi-2022/media/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=scenes/guangxi-2022/media
mkdir -p "$out"
# 8 seconds of ffmpeg's moving test pattern with a 440 Hz tone: H.264 baseline and AAC in MP4,
# with the index at the front so playback starts before the download ends.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=480x270:rate=15:duration=8" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=8" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 34 -g 30 \
  -c:a aac -b:a 48k -movflags +faststart -map_metadata -1 -fflags +bitexact \
  "$out/sample-clip.mp4"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=480x270:rate=1:duration=1" \
  -frames:v 1 -map_metadata -1 "$out/sample-poster.png"
cat > "$out/sample-clip.zh.vtt" <<'VTT'
WEBVTT

00:00:00.000 --> 00:00:04.000
示例视频：请替换为展商提供的视频

00:00:04.000 --> 00:00:08.000
Sample video: replace it with the exhibitor's own
VTT
ls -l "$out"
