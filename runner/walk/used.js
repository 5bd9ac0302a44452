// The elements the customer used on this document: the fields they typed into, the controls
// they clicked (with the button or link around an icon), the keys they pressed in. An
// accessibility problem on one of these stopped a real customer on this journey's path; one
// elsewhere on the page did not (runner/walk/accessibility.py). Installed with the probe.
(() => {
  if (window.__shopperUsed) return;
  const CONTROL = 'button, a[href], input, select, textarea, summary, label, [onclick], '
    + '[tabindex], [contenteditable=""], [contenteditable="true"], ' + ['button', 'link',
      'checkbox', 'radio', 'switch', 'textbox', 'searchbox', 'combobox', 'option', 'menuitem',
      'tab'].map((role) => `[role="${role}"]`).join(', ');
  const used = new Set();
  function note(e) {
    if (!e.isTrusted) return;
    const target = (e.composedPath && e.composedPath()[0]) || e.target;
    if (!target || target.nodeType !== 1) return;
    used.add(target);
    const control = target.closest && target.closest(CONTROL);
    if (control && control !== document.body) used.add(control);
  }
  for (const type of ['click', 'input', 'change', 'keydown']) {
    addEventListener(type, note, {capture: true});
  }
  Object.defineProperty(window, '__shopperUsed', {enumerable: false, value: {
    // Was `el` used, or is it part of a control that was (the svg in an icon button)?
    has(el) {
      for (const item of used) {
        if (item.isConnected && (item === el || item.contains(el))) return true;
      }
      return false;
    },
    get size() { return used.size; },
  }});
})();
