// What covers an element a click could not reach (Playwright only logs "<div …> intercepts
// pointer events"): the outermost overlay at the element's centre — a dialog, a fixed or
// sticky box — with the names of its buttons, so the failure can say which step dismisses it.
(el) => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!top || top === el || el.contains(top) || top.contains(el)) return null;
  let cover = top;
  for (let node = top; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    const role = node.getAttribute('role');
    if (role === 'dialog' || role === 'alertdialog' || node.getAttribute('aria-modal') === 'true'
        || node.tagName === 'DIALOG' || style.position === 'fixed' || style.position === 'sticky') {
      cover = node;
    }
  }
  const buttons = [...cover.querySelectorAll(
      'button, [role="button"], a[href], input[type="button"], input[type="submit"]')]
    .filter((b) => !b.checkVisibility || b.checkVisibility())
    .map((b) => norm(b.getAttribute('aria-label') || b.innerText || b.value))
    .filter(Boolean).slice(0, 8);
  return {tag: cover.tagName.toLowerCase(), id: cover.id || null,
          role: cover.getAttribute('role'), label: cover.getAttribute('aria-label'),
          text: norm(cover.innerText).slice(0, 80), buttons};
}
