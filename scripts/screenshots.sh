#!/usr/bin/env bash
# Regenerates docs/screenshot.png and docs/screenshots/*.png from the current application: ScreenshotTour (ui-tests,
# headless, a few minutes: it solves, simulates, searches and executes on the demo study as a user would) takes every
# area light and dark at 1280x800 and light at 1920x1080, every tab behind an area's first (AREA-tab-TAB.png, light
# and dark), and exports the demo's PDF report, whose pages pdftoppm
# (Debian package poppler-utils) turns into report-page-N.png. Look at every image before committing them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screenshots"
mkdir -p "$out"
rm -rf "$out/report"
# Monocle's headless screen must hold the 1920x1080 window (its default is 1280x800)
mvn -B -pl ui-tests -am test -Dtest=ScreenshotTour -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.excludedGroups=gpu,benchmark -Dsurefire.groups=screenshots -Dscreenshots.out="$out" \
    -Dheadless.geometry=1920x1080-32
pdf=$(ls "$out"/report/*.pdf | head -1)
rm -f "$out"/report-page-*.png
pdftoppm -png -r 70 "$pdf" "$out/report-page"
rm -rf "$out/report"
ls -1 "$out"
