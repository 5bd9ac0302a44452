// The in-page observer. Installed with add_init_script, so every document and frame has it
// before the site's own scripts run.
//
// Why it exists: Playwright's waits poll at growing intervals and report up to ~0.5 s late,
// and Python's click() reaches the page 20-70 ms after it was called. So the two moments
// that matter to a customer are taken here, in the page, as epoch milliseconds
// (performance.timeOrigin + ...), which survive navigations and frames:
//   - when a customer action (click, key press, submit) reached the page;
//   - when new text appeared (inserted visible, or became visible).
// Python reads these records and decides what they mean (patterns are never run here).
(() => {
  if (window.__shopperProbe) return;
  const epoch = (t) => performance.timeOrigin + t;
  const now = () => epoch(performance.now());
  const docId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const CHROME = 'header, footer, nav, [role="banner"], [role="navigation"], [role="contentinfo"]';
  const MAX_RECORDS = 2000;
  const MAX_TEXT = 4000;

  const probe = {
    doc: docId,
    changes: [],     // {seq, at, text, chrome}
    actions: [],     // {type, at, trusted}
    seq: 0,
    lastChangeAt: now(),
    baseline: null,  // Set of text lines visible at mark()
  };
  Object.defineProperty(window, '__shopperProbe', {value: probe, enumerable: false});

  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const linesOf = (text) => text.split('\n').map(norm).filter(Boolean);

  // Shadow roots, open and closed, by their host: attachShadow is wrapped below, so the probe
  // holds even a closed root, which no script of the page's own could reach.
  const shadowOf = new WeakMap();
  const hosts = [];

  function ownText(el) {
    // innerText of a hidden element falls back to textContent, so check first.
    if (!el.isConnected) return '';
    if (el.checkVisibility && !el.checkVisibility()) return '';
    return el.innerText || '';
  }

  // What the customer reads in `el`, shadow roots included (innerText stops at a host).
  function visibleText(el) {
    let text = ownText(el);
    for (const host of hosts) {
      if (host !== el && !(el.contains && el.contains(host))) continue;
      const root = shadowOf.get(host);
      if (!root || (host.checkVisibility && !host.checkVisibility())) continue;
      for (const child of root.children) {
        if (child.tagName === 'STYLE' || child.tagName === 'SCRIPT') continue;
        const inner = visibleText(child);
        if (inner) text += '\n' + inner;
      }
    }
    return text;
  }

  function inChrome(el) {
    return !!(el.closest && el.closest(CHROME));
  }

  // The lines of `el` that sit in header, footer, nav or their ARIA roles, at any depth: a
  // new page arrives as one insertion (its whole <body>), and its header's "Thank you for
  // choosing us" must not pass as the acknowledgement.
  function chromeLines(el) {
    const lines = new Set();
    if (!el.querySelectorAll) return lines;
    for (const part of el.querySelectorAll(CHROME)) {
      for (const line of linesOf(ownText(part))) lines.add(line);
    }
    return lines;
  }

  // When each element that showed text first did so: a chat reply is timed from the moment
  // its own element appeared (seenAt), so a list re-rendered later cannot move it.
  const firstSeen = new WeakMap();

  function push(lines, at, chrome) {
    if (probe.baseline) lines = lines.filter((l) => !probe.baseline.has(l));
    if (!lines.length) return;
    let text = lines.join('\n');
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
    probe.changes.push({seq: ++probe.seq, at, text, chrome});
    if (probe.changes.length > MAX_RECORDS) probe.changes.splice(0, probe.changes.length - MAX_RECORDS);
  }

  function record(el, at) {
    const lines = linesOf(visibleText(el));
    if (lines.length && !firstSeen.has(el)) firstSeen.set(el, at);
    if (inChrome(el)) { push(lines, at, true); return; }
    const chrome = chromeLines(el);
    push(lines.filter((l) => !chrome.has(l)), at, false);
    push(lines.filter((l) => chrome.has(l)), at, true);
  }

  function onMutations(mutations) {
    const at = now();  // first thing: this callback runs in the same task as the change
    probe.lastChangeAt = at;
    wake();
    const targets = new Set();
    for (const m of mutations) {
      if (m.type === 'childList') {
        for (const n of m.addedNodes) {
          if (n.nodeType === Node.ELEMENT_NODE) targets.add(n);
          else if (n.nodeType === Node.TEXT_NODE && n.parentElement) targets.add(n.parentElement);
        }
      } else if (m.type === 'characterData') {
        if (m.target.parentElement) targets.add(m.target.parentElement);
      } else if (m.type === 'attributes' && m.target.nodeType === Node.ELEMENT_NODE) {
        targets.add(m.target);
      }
    }
    // Keep only outermost targets: their text includes their descendants'.
    const outer = [...targets].filter((el) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (targets.has(p)) return false;
      return true;
    });
    for (const el of outer) {
      if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'HEAD') continue;
      try { record(el, at); } catch (e) { /* a detached or exotic node: ignore */ }
    }
  }

  // The browser's own timers and frames, taken before the site's scripts: zone.js (Angular)
  // and the like would count our waits as the page's work, and run its change detection
  // after each. The settle (QUIET_JS in session.py) waits with these too, and counts the
  // frames it asks for (framesAsked: each one asked for is one the browser paints).
  const later = window.setTimeout.bind(window);
  const cancel = window.clearTimeout.bind(window);
  const frame = window.requestAnimationFrame ? window.requestAnimationFrame.bind(window)
    : (callback) => later(callback, 16);
  probe.framesAsked = 0;
  probe.timers = {
    later, cancel,
    nextFrame: (callback) => { probe.framesAsked += 1; return frame(callback); },
  };

  // The tool's waits are woken by the page rather than asking again and again (each ask a
  // round trip through the driver, or a frame the browser paints because it was asked for):
  // `then` is called once the page does something (a DOM change, an answer to one of its
  // requests, beginning to leave) or `ms` have passed, whichever is first.
  const wakers = new Set();
  function wake() {
    for (const waker of [...wakers]) {
      try { waker(); } catch (e) { /* one waiter's trouble is not the page's */ }
    }
  }
  probe.whenActive = (ms, then) => {
    let timer = null;
    const once = () => { wakers.delete(once); cancel(timer); then(); };
    wakers.add(once);
    timer = later(once, Math.max(0, ms));
  };
  // Resolves with lastChangeAt once it is no longer `seen` (at once if it is not now), no
  // sooner than `atLeast` ms and no later than `cap` ms after the call: Python's wait for an
  // acknowledgement or a chat's reply (Session.wait_for_change).
  probe.nextChange = (seen, atLeast, cap) => new Promise((resolve) => {
    const began = performance.now();
    const finish = () => resolve(probe.lastChangeAt);
    const look = () => {
      const waited = performance.now() - began;
      if (probe.lastChangeAt !== seen) later(finish, Math.max(0, atLeast - waited));
      else if (waited >= cap) finish();
      else probe.whenActive(cap - waited, look);
    };
    look();
  });

  const observer = new MutationObserver(onMutations);
  const options = {childList: true, subtree: true, characterData: true, attributes: true,
                   attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden']};
  function observe(root) { observer.observe(root, options); }
  observe(document);

  // Shadow roots, open and closed, observed as they are attached: text in them is text the
  // customer reads. (A Proxy, like fetch below: to the page, attachShadow stays native.)
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = new Proxy(attachShadow, {apply: (fn, host, args) => {
    const root = Reflect.apply(fn, host, args);
    try {
      shadowOf.set(host, root);
      hosts.push(host);
      observe(root);
    } catch (e) { /* ignore */ }
    return root;
  }});
  probe.shadowRootOf = (host) => shadowOf.get(host) || null;
  probe.shadowRoots = () => hosts.filter((h) => h.isConnected).map((h) => shadowOf.get(h));

  // The customer's actions as they reached the page, told to Python (`told`): the page's own
  // with the settle that ends the action (Python reads them there, QUIET_JS in session.py),
  // or, when the page leaves first (a click that navigates destroys this document, and its
  // record with it), through the binding as it begins to leave; a frame's at once, since
  // Python settles on one document only. Each telling through the binding is a round trip.
  const inFrame = window !== window.top;
  const tell = (entries) => {
    if (!entries.length) return;
    for (const entry of entries) entry.told = true;
    try { if (window.__shopperEvent) window.__shopperEvent(entries); } catch (err) { /* ignore */ }
  };
  probe.untold = (from) => {  // the actions since `from` (epoch ms) Python has not heard of
    const found = probe.actions.filter((a) => !a.told && a.at >= from);
    for (const entry of found) entry.told = true;
    return found;
  };

  function onAction(e) {
    if (e.type === 'keydown' && ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
    // When the event reached the page's scripts, not its platform timeStamp: for input from
    // outside (CDP, the OS) that stamp is taken before the trip to the renderer.
    const entry = {type: e.type, at: now(), trusted: e.isTrusted, doc: docId};
    probe.actions.push(entry);
    if (probe.actions.length > 200) probe.actions.shift();
    if (inFrame) tell([entry]);
  }
  for (const type of ['click', 'keydown', 'submit']) window.addEventListener(type, onAction, true);

  // The page began to leave for another (a script set location after its post was answered):
  // the action is not over until the next page has loaded (README).
  probe.leavingAt = null;
  window.addEventListener('beforeunload', () => {
    probe.leavingAt = now();
    tell(probe.untold(0));
    wake();
  }, true);

  // The fields typed into since the last customer action began (Python resets the list then):
  // a `fill` reads their form from here, with no selector to run again.
  probe.typed = [];
  window.addEventListener('input', (e) => {
    const field = (e.composedPath && e.composedPath()[0]) || e.target;  // inside shadow roots too
    if (!field || field.nodeType !== 1 || probe.typed.includes(field)) return;
    probe.typed.push(field);
    if (probe.typed.length > 100) probe.typed.shift();
  }, true);

  // The page's own requests (fetch, XHR), as the page made them: when each began and when its
  // answer came back. Settling waits for those an action made (see QUIET_JS in session.py);
  // the network log reaches Python later than the page's next frame, so it cannot tell.
  probe.requests = [];  // {start, end}: the latest 200
  function track() {
    const request = {start: now(), end: null};
    probe.requests.push(request);
    if (probe.requests.length > 200) probe.requests.shift();
    return () => { if (request.end === null) { request.end = now(); wake(); } };
  }
  // Proxies, not replacement functions: to the page (and its bot checks) fetch and send keep
  // their name, length and "[native code]".
  const watch = (target, name, around) => {
    const real = target && target[name];
    if (typeof real !== 'function') return;
    target[name] = new Proxy(real, {apply: (fn, self, args) => around(fn, self, args)});
  };
  watch(window, 'fetch', (fetch, self, args) => {
    const done = track();
    try {
      const answer = Reflect.apply(fetch, self, args);
      answer.then(done, done);
      return answer;
    } catch (e) { done(); throw e; }
  });
  const pending = new WeakMap();  // an XHR -> how to mark its request answered
  const XHR = window.XMLHttpRequest && XMLHttpRequest.prototype;
  // open() again ends a request under way without a loadend: it is over all the same.
  watch(XHR, 'open', (open, xhr, args) => {
    const done = pending.get(xhr);
    if (done) { pending.delete(xhr); done(); }
    return Reflect.apply(open, xhr, args);
  });
  watch(XHR, 'send', (send, xhr, args) => {
    const done = track();
    pending.set(xhr, done);
    xhr.addEventListener('loadend', () => { pending.delete(xhr); done(); }, {once: true});
    try { return Reflect.apply(send, xhr, args); } catch (e) { done(); throw e; }
  });

  // Called by Python just before a customer action: what is visible now is not new.
  probe.mark = () => {
    probe.leavingAt = null;
    for (const entry of probe.actions) entry.told = true;  // an earlier action's, not this one's
    const root = document.body || document.documentElement;
    probe.baseline = new Set(root ? linesOf(visibleText(root)) : []);
    return {doc: docId, at: now(), seq: probe.seq};
  };
  // The moment an element (or the nearest of its ancestors, across shadow roots) first showed
  // text; null when the probe never saw it appear (it was there before the probe).
  probe.seenAt = (el) => {
    for (let node = el; node; node = node.parentElement || (node.getRootNode && node.getRootNode().host)) {
      const at = firstSeen.get(node);
      if (at !== undefined) return at;
    }
    return null;
  };
  // Which of these lines the customer still sees: a "Sending…" overlay gone by the time the
  // acknowledgement came was no part of it.
  probe.shown = (lines) => {
    const root = document.body || document.documentElement;
    const now = new Set(root ? linesOf(visibleText(root)) : []);
    return lines.filter((line) => now.has(norm(line)));
  };
  // Records this document made since Python last read it (Python keeps a cursor per document).
  probe.read = (cursors) => ({
    doc: docId,
    url: location.href,
    lang: (document.documentElement && document.documentElement.lang) || '',
    now: now(),
    lastChangeAt: probe.lastChangeAt,
    changes: probe.changes.filter((c) => c.seq > (cursors[docId] || 0)),
  });
})();
