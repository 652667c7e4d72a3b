/*
 * A timeline of the loaded entries: one stacked bar per hour (when the entries span two days at most) or per
 * day (UTC), split into allowed, no-match and denied accesses. Plain SVG built with DOM calls; colours come
 * from the style sheet (classes), so the page needs no inline style.
 */
const SVG = 'http://www.w3.org/2000/svg';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const CATEGORIES = ['allowed', 'no-match', 'denied'];
const HEIGHT = 180;
const TOP = 14;
const BOTTOM = 22;
const LEFT = 34;
const MIN_WIDTH = 420;
const LEGEND = 100;

export function entryTime(entry) {
  // Jackson writes an Instant as an ISO string; a number would be epoch seconds.
  return typeof entry.at === 'number' ? new Date(entry.at * 1000) : new Date(entry.at);
}

export function category(entry) {
  if (entry.kind === 'DENIED' || entry.kind === 'ASSOCIATION_REJECTED') {
    return 'denied';
  }
  return entry.outcome === 'NO_MATCH' ? 'no-match' : 'allowed';
}

/** Counts per bucket: {unit, buckets: [{start, counts: {allowed, no-match, denied}}]}, buckets contiguous. */
export function bucketize(entries) {
  const times = entries.map((e) => entryTime(e).getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const unit = last - first <= 2 * DAY ? HOUR : DAY;
  const start = Math.floor(first / unit) * unit;
  const count = Math.floor(last / unit) - Math.floor(first / unit) + 1;
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date(start + i * unit),
    counts: { allowed: 0, 'no-match': 0, denied: 0 },
  }));
  entries.forEach((e, i) => {
    buckets[Math.floor(times[i] / unit) - Math.floor(first / unit)].counts[category(e)] += 1;
  });
  return { unit: unit === HOUR ? 'hour' : 'day', buckets };
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, String(value)));
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function label(date, unit) {
  const iso = date.toISOString();
  return unit === 'hour' ? iso.slice(0, 10) + ' ' + iso.slice(11, 16) : iso.slice(0, 10);
}

/** Draws the chart into container (replacing what was there) and returns its caption text. */
export function drawTimeline(container, entries) {
  container.replaceChildren();
  if (entries.length === 0) {
    return 'No entries.';
  }
  const { unit, buckets } = bucketize(entries);
  const totals = buckets.map((b) => CATEGORIES.reduce((sum, c) => sum + b.counts[c], 0));
  const max = Math.max(...totals);
  const slot = Math.max(4, Math.min(40, Math.floor(900 / buckets.length)));
  const right = LEFT + buckets.length * slot;
  const width = Math.max(MIN_WIDTH, right + LEGEND);
  const plot = HEIGHT - TOP - BOTTOM;
  const svg = element('svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
    'aria-label': `Entries per ${unit} (UTC)` });
  svg.append(element('line', { x1: LEFT, y1: TOP + plot, x2: right, y2: TOP + plot }));
  svg.append(element('text', { x: 2, y: TOP + 4 }, String(max)));
  svg.append(element('text', { x: 2, y: TOP + plot }, '0'));
  buckets.forEach((bucket, i) => {
    let y = TOP + plot;
    CATEGORIES.forEach((c) => {
      const n = bucket.counts[c];
      if (n === 0) {
        return;
      }
      const h = (n / max) * plot;
      y -= h;
      const bar = element('rect', { x: LEFT + i * slot + 1, y, width: slot - 2, height: h, class: 'bar bar-' + c,
        'data-count': n, 'data-category': c, 'data-bucket': bucket.start.toISOString() });
      bar.append(element('title', {}, `${label(bucket.start, unit)} UTC: ${n} ${c}`));
      svg.append(bar);
    });
  });
  CATEGORIES.forEach((c, i) => {
    // The legend: swatches are not bars (no "bar" class), so they count nothing.
    svg.append(element('rect', { x: width - LEGEND + 20, y: TOP + i * 14, width: 8, height: 8, class: 'legend bar-' + c }));
    svg.append(element('text', { x: width - LEGEND + 32, y: TOP + 8 + i * 14 }, c));
  });
  svg.append(element('text', { x: LEFT, y: HEIGHT - 6 }, label(buckets[0].start, unit)));
  if (buckets.length > 1) {
    svg.append(element('text', { x: right, y: HEIGHT - 6, 'text-anchor': 'end' },
        label(buckets[buckets.length - 1].start, unit)));
  }
  container.append(svg);
  const sums = CATEGORIES.map((c) => `${buckets.reduce((s, b) => s + b.counts[c], 0)} ${c}`).join(', ');
  return `Entries per ${unit} (UTC) across the ${entries.length} loaded: ${sums}.`;
}
