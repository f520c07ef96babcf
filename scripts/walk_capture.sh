#!/usr/bin/env bash
# Needs Debian xvfb xdotool xclip imagemagick (and libxcb-icccm4 libxcb-keysyms1); not run in CI.
# Screenshots and the saved comments are written to $WALK_OUT (default /tmp/walk).
# A recorder's hour in a real window: Xvfb + xdotool, keyboard only. Usage: walk.sh LANG WxH [large]
set -u
LANG_=${1:-ja}; SIZE=${2:-1366x768}; LARGE=${3:-}
export DISPLAY=:77
OUT=${WALK_OUT:-/tmp/walk}; mkdir -p $OUT
D=$OUT/data-$LANG_-$SIZE$LARGE; rm -rf $D; mkdir -p $D
export KOMORO_DATA_DIR=$D
pkill -f "Xvfb :77" 2>/dev/null; sleep 0.5
Xvfb :77 -screen 0 ${SIZE}x24 >/dev/null 2>&1 &
XV=$!
sleep 1
cd "$(dirname "$0")/.."
cat > $D/settings.json <<J
{"language": "$LANG_", "large_text": $( [ -n "$LARGE" ] && echo true || echo false ), "recorder": "記録 花子"}
J
.venv/bin/python main.py >$OUT/app-$LANG_.log 2>&1 &
APP=$!
# Sign-in first (the staff list; on a new file the setup administrator): look at it, then Enter.
for i in $(seq 1 60); do SID=$(xdotool search --name "サインイン|Sign in" 2>/dev/null | head -1); [ -n "$SID" ] && break; sleep 0.5; done
sleep 1
import -window root $OUT/$LANG_-$SIZE$LARGE-00-sign-in.png
xdotool windowfocus --sync $SID 2>/dev/null; xdotool key Return; sleep 1
for i in $(seq 1 60); do WID=$(xdotool search --name "市民の声|citizens" 2>/dev/null | head -1); [ -n "$WID" ] && break; sleep 0.5; done
sleep 2
xdotool windowfocus --sync $WID 2>/dev/null; xdotool windowsize $WID ${SIZE%x*} ${SIZE#*x}; sleep 0.5
KEYS=0
k() { xdotool key --clearmodifiers "$@"; KEYS=$((KEYS+$#)); sleep 0.25; }
paste() { printf '%s' "$1" | xclip -selection clipboard; xdotool key --clearmodifiers ctrl+v; sleep 0.3; }
shot() { import -window root $OUT/$LANG_-$SIZE$LARGE-$1.png; }
shot 00-start
# New meeting: Ctrl+N, title, Tab (date-time, one stop), Tab, venue, district 南大井 (checkbox 10), Enter.
k ctrl+n; sleep 1
paste "南大井地区タウンミーティング"
k Tab Tab
paste "南大井公民館"
shot 01-meeting-dialog
# Districts are checkboxes after the venue: Tab x10 to 南大井 then space.
for i in $(seq 1 10); do xdotool key Tab; sleep 0.05; done
xdotool key space; sleep 0.2
shot 02-meeting-district
xdotool key Return; sleep 1.5
shot 03-capture-empty
KEYS=0
# Ten speakers: text pasted (the text itself is not counted), then keys.
say() { paste "$1"; sleep 1.2; }
say "一ツ谷の交差点にカーブミラーをつけてほしい。朝の通学の時間は車が多くて危ない。"; k alt+d alt+1 ctrl+Return
shot 04-after-first
say "平原の公民館のトイレが古くて使いにくい。洋式にしてほしい。"; k alt+w 1 alt+1 ctrl+Return
say "御影のあたりでイノシシが畑を荒らしている。対策をお願いしたい。"; k alt+w 3 alt+1 ctrl+Return
say "和田から駅までのバスが少ない。愛のりくんを使いやすくしてほしい。"; k alt+w 5 alt+1 ctrl+Return
say "同じ地区ですが、夜の街灯が暗いところがある。"; k alt+r alt+1 ctrl+Return
say "子どもの医療費の助成をもっと広げてほしい。"; k alt+c alt+1 ctrl+Return
shot 05-six-saved
say "谷地原の空き家が増えていて心配です。"; k alt+w 4 alt+1 ctrl+Return
say "図書館の開館時間を夜まで延ばしてほしい。"; k alt+c alt+1 ctrl+Return
say "ふるさと納税の返礼品に地元の野菜を。"; k alt+c alt+1 ctrl+Return
# The tenth: saved without a ward on purpose -> asked; then Alt+C.
say "市の広報をもっと読みやすくしてほしい。"; k ctrl+Return
shot 06-no-ward-asked
k alt+c ctrl+Return
shot 07-ten-saved
echo "KEYS beyond text for 10 comments (incl. 2 for the deliberately refused save): $KEYS"
# Withdraw the last entry, look at the confirmation, cancel; F1; shortcut list.
k ctrl+shift+BackSpace; sleep 0.8; shot 08-withdraw-confirm; k Escape; sleep 0.5
k F1; sleep 1.5; shot 09-help; k Escape; sleep 0.5
k ctrl+slash; sleep 1.5; shot 10-keys; k Escape; sleep 0.5
# Half a comment, then Ctrl+Q: the draft must come back at the next start.
paste "途中まで打った発言"; sleep 1.2
k ctrl+q; sleep 2
.venv/bin/python main.py >>$OUT/app-$LANG_.log 2>&1 &
APP=$!
sleep 4
SID=$(xdotool search --name "サインイン|Sign in" 2>/dev/null | head -1)
[ -n "$SID" ] && { xdotool windowfocus --sync $SID 2>/dev/null; xdotool key Return; sleep 3; }
shot 11-draft-offer
WID=$(xdotool search --name "Komoro Feedback" | head -1)
xdotool key Return; sleep 1.5
shot 12-draft-back
kill $APP 2>/dev/null; sleep 1; kill -9 $APP 2>/dev/null
kill $XV
.venv/bin/python - <<PY
import os
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from komoro_feedback.domain.query import CommentQuery, SortKey
s=Services.build(Database("sqlite:///$D/komoro-feedback.sqlite3"), Actor("x"))
items=list(s.queries.page(CommentQuery(sort=SortKey.RECORDED, descending=False, limit=50)).items)
for c in items: print(c.seq, c.ward_name or "市全域", c.policy_codes, c.created_by, c.text[:20])
print("drafts:", [(d.meeting_title, d.draft.text) for d in s.drafts.pending()])
PY
