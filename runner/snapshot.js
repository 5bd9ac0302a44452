// What the page looks like to the customer right now: evaluated by the engine around each
// step (outside the step timer) so checks can judge the page later without a browser.
// Returns plain data only; nothing from the page is trusted or executed elsewhere.
(limit) => {
  const CHROME = 'header, footer, nav, [role="banner"], [role="navigation"], [role="contentinfo"]';
  const visible = (el) => !el.checkVisibility || el.checkVisibility();
  const clip = (s, n) => (s.length > n ? s.slice(0, n) : s);
  const root = document.querySelector('main, [role="main"]') || document.body;
  let text = '';
  if (root) {
    text = root.innerText || '';
    if (root === document.body) {
      // No <main>: leave out the lines of the header, footer and navigation.
      const chrome = new Set();
      for (const n of root.querySelectorAll(CHROME)) {
        if (visible(n)) (n.innerText || '').split('\n').forEach((l) => chrome.add(l.trim()));
      }
      text = text.split('\n').filter((l) => !chrome.has(l.trim())).join('\n');
    }
  }
  const headings = [...document.querySelectorAll('h1, h2, [role="heading"]')]
    .filter(visible).slice(0, 10).map((h) => clip((h.innerText || '').trim(), 300));
  const fieldErrors = [...document.querySelectorAll(
      '[aria-invalid="true"], :invalid:not(form):not(fieldset), [role="alert"], .error, .field-error, .invalid-feedback')]
    .filter(visible).slice(0, 20).map((el) => ({
      tag: el.tagName.toLowerCase(), id: el.id || null, name: el.getAttribute('name'),
      text: clip((el.innerText || el.validationMessage || '').trim(), 300)}));
  return {
    url: location.href,
    title: clip(document.title || '', 500),
    text: clip(text.replace(/\n{3,}/g, '\n\n').trim(), limit),
    headings,
    field_errors: fieldErrors,
    password_fields: document.querySelectorAll('input[type="password"]').length,
    iframes: [...document.querySelectorAll('iframe')].slice(0, 20).map((f) => f.src || ''),
  };
}
