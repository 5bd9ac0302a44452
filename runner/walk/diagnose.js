// Why did a step's target never come? Run in a frame once a step has failed (never inside a
// timed action). Returns what a person would look for: the names the page's controls really
// have (for near matches), and whether a closed shadow root holds the target.
//   needle: {by, value, name, selector, exact} as in the journey (by: label, text, role, ...)
([needle, limit]) => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const low = (s) => norm(s).toLowerCase();
  const visible = (el) => !el.checkVisibility || el.checkVisibility();

  function labelOf(field) {
    const parts = [];
    if (field.labels) for (const l of field.labels) parts.push(norm(l.innerText || l.textContent));
    const by = field.getAttribute('aria-labelledby');
    if (by) {
      const root = field.getRootNode();
      for (const id of by.split(/\s+/)) {
        const el = root.getElementById ? root.getElementById(id) : document.getElementById(id);
        if (el) parts.push(norm(el.textContent));
      }
    }
    return parts.filter(Boolean);
  }

  // The names a customer (and a locator) would know each control by.
  function namesIn(root, out) {
    for (const el of root.querySelectorAll('input, textarea, select, button, a[href], [role], label')) {
      if (out.length >= limit) break;
      if (!visible(el)) continue;
      const tag = el.tagName.toLowerCase();
      const add = (kind, text) => { text = norm(text); if (text && text.length <= 80) out.push({kind, text, tag}); };
      if (tag === 'label') { add('label', el.innerText); continue; }
      add('aria-label', el.getAttribute('aria-label'));
      add('placeholder', el.getAttribute('placeholder'));
      add('id', el.id);
      add('name', el.getAttribute('name'));
      add('testid', el.getAttribute('data-testid'));
      if (['button', 'a'].includes(tag) || el.getAttribute('role')) add('text', el.innerText || el.value);
      for (const l of labelOf(el)) add('label', l);
    }
    return out;
  }

  // Does anything in `root` look like the needle? (Playwright's locators cannot run inside a
  // closed root, so this is an approximation of them: CSS as it is, names by their text.)
  function matchesIn(root) {
    if (needle.selector) {
      try { return !!root.querySelector(needle.selector); } catch (e) { /* not CSS */ }
    }
    const value = low(needle.name || needle.value || needle.selector || '');
    if (!value) return false;
    const hit = (text) => needle.exact ? low(text) === value : low(text).includes(value);
    for (const el of root.querySelectorAll('*')) {
      if (['STYLE', 'SCRIPT'].includes(el.tagName)) continue;
      if (hit(el.getAttribute('aria-label')) || hit(el.getAttribute('placeholder'))
          || hit(el.getAttribute('data-testid')) || hit(el.getAttribute('title'))) return true;
      if (!el.children.length && hit(el.textContent)) return true;
    }
    return false;
  }

  const probe = window.__shopperProbe;
  const roots = probe && probe.shadowRoots ? probe.shadowRoots() : [];
  const names = namesIn(document, []);
  const closed = [];
  for (const root of roots) {
    if (root.mode === 'open') namesIn(root, names);
    else if (matchesIn(root)) {
      const host = root.host;
      closed.push(host.tagName.toLowerCase() + (host.id ? '#' + host.id : ''));
    }
  }
  return {names, closed};
}
