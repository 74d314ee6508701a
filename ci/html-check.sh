#!/usr/bin/env bash
# Renders ccsim's HTML reports in headless Chromium and fails when a table is clipped.
#
#   ci/html-check.sh [REPORT.html ...]
#
# Without arguments it writes the reports of `run` on two shipped scenarios (one with classes
# and pools, one with intervals too close to their target to tell), of `compare` on the retail
# day's variants and of `sweep` over agents into target/html-check/. For each report it:
#   1. screenshots it at 1280 px wide (REPORT.png beside it, to look at);
#   2. prints it to PDF (REPORT.pdf), as a reader's "Print" does;
#   3. checks the screen layout at 1280 px and at 800 px: every table fits its container, or
#      its container scrolls sideways (overflow-x: auto), so no column is cut off;
#   4. checks the print layout: the report's @media print rules applied at the printable width
#      of an A4 landscape page, where nothing can scroll: every table must fit.
# The checks run a small script in the page that writes its verdict into the DOM, read back with
# --dump-dom. Exit code 0 when every table of every report fits, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
    echo "html-check: $chromium not found (apt-get install chromium)" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reports=("$@")
if [[ ${#reports[@]} -eq 0 ]]; then
    for scenario in retail-day vip-priority; do
        cargo run --locked --quiet --profile test -- run "scenarios/$scenario.toml" --quiet \
            --out "target/html-check/$scenario" > /dev/null 2>&1
        reports+=("target/html-check/$scenario/report.html")
    done
    cargo run --locked --quiet --profile test -- compare scenarios/retail-day.toml --quiet \
        -r 4 --out target/html-check/compare > /dev/null 2>&1
    cargo run --locked --quiet --profile test -- sweep scenarios/basic.toml --quiet \
        --vary staffing.agents=22..28 --set replications=4 \
        --out target/html-check/sweep > /dev/null 2>&1
    reports+=(target/html-check/compare/report.html target/html-check/sweep/report.html)
fi

browse() {
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars "$@" 2> /dev/null
}

# The in-page check: MODE is "screen" (a table may be wider than its box only when the box
# scrolls sideways) or "print" (no table may be wider than its box or the page).
probe() {
    cat <<JS
<script>
window.addEventListener('load', () => {
  const mode = '$1';
  const page = document.documentElement.clientWidth;
  const clipped = [];
  document.querySelectorAll('table').forEach((table, index) => {
    const box = table.parentElement;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    const wider = table.scrollWidth > box.clientWidth + 1
      || table.getBoundingClientRect().right > page + 1;
    const name = (table.closest('details') ? 'details ' : '')
      + (table.previousElementSibling?.textContent
         || box.previousElementSibling?.textContent || 'table ' + index).slice(0, 40);
    if (wider && (mode === 'print' || !scrolls)) {
      clipped.push(name + ': ' + table.scrollWidth + ' px in ' + box.clientWidth + ' px');
    }
  });
  const verdict = document.createElement('pre');
  verdict.id = 'html-check';
  verdict.textContent = (clipped.length ? 'CLIPPED ' + clipped.join('; ')
    : 'FITS ' + document.querySelectorAll('table').length + ' tables');
  document.body.appendChild(verdict);
});
</script>
JS
}

# check REPORT MODE WIDTH: prints the verdict, fails when a table is clipped.
check() {
    local report=$1 mode=$2 width=$3
    local page="$work/check-$mode-$width.html"
    if [[ $mode == print ]]; then
        # The print rules become the page's rules: @media print -> @media all.
        sed 's/@media print/@media all/' "$report" > "$page"
    else
        cp "$report" "$page"
    fi
    sed -i "s#</body>#$(probe "$mode" | tr '\n' ' ' | sed 's/[#&]/\\&/g')</body>#" "$page"
    local verdict
    verdict=$(browse --window-size="$width,1000" --virtual-time-budget=5000 --dump-dom \
        "file://$page" | grep -o '<pre id="html-check">[^<]*' | sed 's/.*>//')
    echo "  $mode at $width px: ${verdict:-no verdict (the page did not load)}"
    [[ $verdict == FITS* ]]
}

status=0
for report in "${reports[@]}"; do
    report=$(realpath "$report")
    echo "$report"
    browse --window-size=1280,3000 --screenshot="${report%.html}.png" "file://$report" > /dev/null
    browse --no-pdf-header-footer --print-to-pdf="${report%.html}.pdf" "file://$report" > /dev/null
    echo "  screenshot ${report%.html}.png, PDF ${report%.html}.pdf"
    check "$report" screen 1280 || status=1
    check "$report" screen 800 || status=1
    # A4 landscape, 277 mm less 2 × 10 mm margins, at 96 px per inch.
    check "$report" print 971 || status=1
done
exit $status
