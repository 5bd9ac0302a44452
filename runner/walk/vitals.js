// Page experience: Largest Contentful Paint, Cumulative Layout Shift and Interaction to Next
// Paint of the document the customer stands on, as Google's web-vitals library defines them,
// from the browser's own PerformanceObserver entries. Installed with the probe (every
// document, before the site's scripts), read by Python once a step, outside its timer: with
// the round trip that ends an action that stayed on its page, or with the next step's first
// look at the page (`readNow`, runner/walk/session.py), else after the step (`read`,
// runner/walk/page_review.py). Nothing here touches the DOM.
(() => {
  if (window.__shopperVitals || typeof PerformanceObserver !== 'function') return;
  const supported = PerformanceObserver.supportedEntryTypes || [];
  const round = (x) => Math.round(x * 10) / 10;

  // A prerendered page is timed from when the customer activated it, not from the prerender.
  const activationStart = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    return (nav && nav.activationStart) || 0;
  };

  // LCP: the latest largest-contentful-paint entry painted before the customer's first click
  // or key press (web-vitals stops listening then). A bot's `fill` types with no key events,
  // so its first `input` counts as that key press: else the text it typed into a message box
  // would become the page's "largest paint", long after the page had shown itself.
  let lcp = null;
  let inputAt = Infinity;
  const describe = (el) => {
    if (!el || !el.tagName) return null;
    const id = el.id ? '#' + el.id : '';
    const cls = !id && el.classList && el.classList.length ? '.' + [...el.classList].slice(0, 2).join('.') : '';
    return el.tagName.toLowerCase() + id + cls;
  };
  const stopLcp = (e) => { if (e.isTrusted) inputAt = Math.min(inputAt, performance.now()); };
  for (const type of ['keydown', 'click', 'input']) {
    addEventListener(type, stopLcp, {capture: true});
  }

  // CLS: layout shifts without recent input, grouped in session windows (a gap of over 1 s
  // or a window longer than 5 s starts a new one); the page's CLS is its largest window.
  let cls = 0;
  let windowValue = 0;
  let windowFirst = null;
  let windowLast = null;
  let largestShift = null;  // the single shift that moved the most, for the evidence

  // INP: event-timing entries grouped by interactionId, each interaction's longest entry;
  // the 98th percentile of interactions (the longest of fewer than 50).
  const interactions = new Map();  // interactionId -> longest duration (ms)
  let customerInteractions = 0;
  const countInteraction = (e) => { if (e.isTrusted) customerInteractions += 1; };
  for (const type of ['pointerup', 'keyup']) addEventListener(type, countInteraction, {capture: true});

  // An interaction's entries are queued only once the frame after it has been presented (its
  // duration ends there); one shorter than the threshold never comes. Read right after a
  // click, a page kept busy 300 ms would have no entry yet and read as fast. So each
  // interaction stays "open" until an event entry at or after its last event (the click,
  // the key's release) has come, or PRESENTED_MS have passed since the first frame after it
  // (measured: entries came 6-30 ms after that frame, 3 or 4 frames on; frames come fast
  // after a long task, so they are not counted). The first-input entry closes nothing: it
  // is the press's, and can come before the click's own.
  const PRESENTED_MS = 100;
  const MAX_WAIT_MS = 1000;  // ...and never longer (a tab in the background paints no frames)
  // The browser's own timers, taken before the site's scripts run: a framework that wraps
  // them (Angular's zone.js) would re-check its whole app on every poll of ours.
  const nextFrame = window.requestAnimationFrame.bind(window);
  const later = window.setTimeout.bind(window);
  const timed = supported.includes('event');  // no event timing (WebKit): nothing to wait for
  const open = [];  // {start: the timeStamp of its latest event, painted: {at: its next frame}}
  let lastEntryStart = -Infinity;
  const paintAfter = (interaction) => {
    const painted = {at: null};
    interaction.painted = painted;
    nextFrame(() => { painted.at = performance.now(); });
  };
  const openInteraction = (e) => {
    if (!e.isTrusted || !timed || document.visibilityState === 'hidden') return;
    const interaction = {start: e.timeStamp};
    open.push(interaction);
    paintAfter(interaction);
  };
  const laterEvent = (e) => {  // of the interaction opened last: it ends with this one
    const interaction = open[open.length - 1];
    if (!e.isTrusted || !interaction) return;
    interaction.start = Math.max(interaction.start, e.timeStamp);
    paintAfter(interaction);
  };
  for (const type of ['pointerdown', 'keydown']) addEventListener(type, openInteraction, {capture: true});
  for (const type of ['pointerup', 'click', 'keyup']) addEventListener(type, laterEvent, {capture: true});
  const closed = (interaction) => lastEntryStart >= interaction.start - 1
    || (interaction.painted.at !== null
        && performance.now() - interaction.painted.at >= PRESENTED_MS)
    || performance.now() - interaction.start >= MAX_WAIT_MS;
  const stillOpen = () => {
    onEntries({getEntries: () => observer.takeRecords()});
    while (open.length && closed(open[0])) open.shift();
    return open.length > 0;
  };

  function onEntries(list) {
    for (const entry of list.getEntries()) {
      if (entry.entryType === 'largest-contentful-paint') {
        if (entry.startTime >= inputAt) continue;
        lcp = {value: Math.max(entry.startTime - activationStart(), 0),
               element: describe(entry.element), url: entry.url || null, size: entry.size};
      } else if (entry.entryType === 'layout-shift') {
        if (entry.hadRecentInput) continue;
        if (windowFirst !== null && entry.startTime - windowLast < 1000
            && entry.startTime - windowFirst < 5000) {
          windowValue += entry.value;
        } else {
          windowValue = entry.value;
          windowFirst = entry.startTime;
        }
        windowLast = entry.startTime;
        cls = Math.max(cls, windowValue);
        if (!largestShift || entry.value > largestShift.value) {
          // What moved: the first element among the entry's sources that is not the page
          // itself (a source list often starts with <body>, whose height changed).
          const sources = (entry.sources || []).filter((s) => s.node && s.node.nodeType === 1);
          const source = sources.find((s) => !['BODY', 'HTML'].includes(s.node.tagName))
            || sources[0];
          largestShift = {value: entry.value, at: round(entry.startTime),
                          element: source ? describe(source.node) : null};
        }
      } else if (entry.interactionId) {  // event and first-input entries
        if (entry.entryType === 'event') lastEntryStart = Math.max(lastEntryStart, entry.startTime);
        const before = interactions.get(entry.interactionId) || 0;
        interactions.set(entry.interactionId, Math.max(before, entry.duration));
      }
    }
  }

  const observer = new PerformanceObserver(onEntries);
  const observe = (type, extra) => {
    if (!supported.includes(type)) return;
    try { observer.observe({type, buffered: true, ...extra}); } catch (e) { /* unsupported */ }
  };
  observe('largest-contentful-paint');
  observe('layout-shift');
  // 40 ms, as web-vitals: shorter interactions are never the page's INP worth reporting.
  observe('event', {durationThreshold: 40});
  observe('first-input');

  function inp() {
    if (!interactions.size) {
      // Interactions all shorter than the 40 ms threshold: good, by less than it.
      return customerInteractions ? 0 : null;
    }
    const longest = [...interactions.values()].sort((a, b) => b - a);
    const count = performance.interactionCount || customerInteractions || interactions.size;
    return longest[Math.min(longest.length - 1, Math.floor(count / 50))];
  }

  // Until no interaction is open, on a timer (asking for frames would make the browser paint
  // them); at most MAX_WAIT_MS, after which what is still open is let go (a later read must
  // not wait for it again).
  const presented = () => new Promise((resolve) => {
    const until = performance.now() + MAX_WAIT_MS;
    const look = () => {
      if (!stillOpen()) resolve();
      else if (performance.now() >= until) { open.length = 0; resolve(); }
      else later(look, 16);
    };
    look();
  });

  function summary() {
    onEntries({getEntries: () => observer.takeRecords()});  // entries not yet delivered
    const value = inp();
    return {
      url: location.href,
      origin: performance.timeOrigin,
      lcp_ms: lcp ? round(lcp.value) : null,
      lcp_element: lcp ? lcp.element : null,
      lcp_url: lcp ? lcp.url : null,
      cls: Math.round(cls * 10000) / 10000,
      largest_shift: largestShift,
      inp_ms: value === null ? null : round(value),
      interactions: customerInteractions,
    };
  }

  Object.defineProperty(window, '__shopperVitals', {enumerable: false, value: {
    // The vitals now, or once the customer's last interactions have been presented (a
    // promise: the caller awaits it).
    read() {
      return stillOpen() ? presented().then(summary) : summary();
    },
    // The vitals now, unless an interaction is still open (null: `read` waits for it). The
    // settle reads them this way with the page it returns (QUIET_JS in session.py), so an
    // action's step needs no read of its own after it.
    readNow() {
      return stillOpen() ? null : summary();
    },
  }});
})();
