// What the page looks like to the customer right now: evaluated by the engine around each
// step (outside the step timer) so checks can judge the page later without a browser.
// Returns plain data only; nothing from the page is trusted or executed elsewhere.
// Every part is guarded: an odd page gives an emptier snapshot, never an exception.
(limit) => {
  const CHROME = 'header, footer, nav, [role="banner"], [role="navigation"], [role="contentinfo"]';
  const FIELDS = 'input:not([type="hidden"]):not([type="submit"]):not([type="button"])'
    + ':not([type="reset"]):not([type="image"]), select, textarea';
  const SUBMIT = 'button:not([type="button"]):not([type="reset"]), input[type="submit"], input[type="image"]';
  const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"], legend';
  const visible = (el) => !el.checkVisibility || el.checkVisibility();
  // Stricter, for things that must really be seen: not transparent, not hidden, not 0×0.
  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) {
      return false;
    }
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const clip = (s, n) => (s.length > n ? s.slice(0, n) : s);
  const words = (el) => clip((el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim(), 300);
  const safely = (fn, fallback) => {
    try { return fn(); } catch (e) { return fallback; }
  };
  // A header or footer is page chrome only outside article/aside/main/section (as in ARIA).
  const inChrome = (el) => {
    let c = el.closest(CHROME);
    while (c) {
      const tag = c.tagName.toLowerCase();
      if ((tag !== 'header' && tag !== 'footer') || c.getAttribute('role')
          || !(c.parentElement && c.parentElement.closest('article, aside, main, section, [role="main"]'))) {
        return true;
      }
      c = c.parentElement && c.parentElement.closest(CHROME);
    }
    return false;
  };
  const nameOf = (el) => el.id || el.getAttribute('name') || null;
  const hasValue = (el) => {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') return false;  // unticked: nothing typed
    if (type === 'file') return !!(el.files && el.files.length);
    return String(el.value || '').trim() !== '';
  };

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
  text = text.replace(/\n{3,}/g, '\n\n').trim();
  const headings = [...document.querySelectorAll('h1, h2, [role="heading"]')]
    .filter(visible).slice(0, 10).map((h) => clip((h.innerText || '').trim(), 300));

  // The page's own headings, without the site's header, navigation and footer.
  const mainHeadings = safely(() => [...document.querySelectorAll('h1, h2, h3, [role="heading"]')]
    .filter((h) => visible(h) && !inChrome(h)).slice(0, 15).map((h) => {
      const level = /^h\d$/i.test(h.tagName) ? Number(h.tagName[1])
        : Number(h.getAttribute('aria-level')) || 2;
      return {level, text: words(h)};
    }).filter((h) => h.text), []);

  // Field errors: fields the site marked invalid, messages next to fields, and fields the
  // browser itself refuses (only ones holding a value: an untouched empty field is no
  // rejection of what the customer typed).
  const fieldErrors = safely(() => {
    const found = [];
    const fieldFor = new Map();  // message element -> field that points at it
    const describedText = (field) => ['aria-errormessage', 'aria-describedby']
      .flatMap((a) => (field.getAttribute(a) || '').split(/\s+/))
      .map((id) => id && document.getElementById(id)).filter((m) => m && visible(m))
      .map((m) => { fieldFor.set(m, field); return words(m); }).filter(Boolean).join(' ');
    for (const field of document.querySelectorAll('[aria-invalid="true"]')) {
      if (!visible(field) || field.matches('form, fieldset')) continue;
      found.push({tag: field.tagName.toLowerCase(), id: field.id || null,
        name: field.getAttribute('name'), field: nameOf(field),
        text: clip(describedText(field) || field.validationMessage || '', 300),
        kind: 'aria-invalid'});
    }
    const nearField = (el) => {
      if (fieldFor.has(el)) return fieldFor.get(el);
      const label = el.getAttribute('for') && document.getElementById(el.getAttribute('for'));
      if (label && label.matches(FIELDS)) return label;
      // The field right after it, else the nearest field before it among its siblings, then
      // its parent's and grandparent's; a message below the submit button is the form's own.
      const next = el.nextElementSibling;
      if (next && next.matches(FIELDS)) return next;
      let node = el;
      for (let up = 0; up < 3 && node && node !== document.body && node.tagName !== 'FORM'; up++) {
        for (let s = node.previousElementSibling; s; s = s.previousElementSibling) {
          if (s.matches(SUBMIT) || s.querySelector(SUBMIT)) return null;
          const f = s.matches(FIELDS) ? s : [...s.querySelectorAll(FIELDS)].pop();
          if (f) return f;
        }
        node = node.parentElement;
      }
      return null;
    };
    const messages = [...document.querySelectorAll(
        '.field-error, .invalid-feedback, .error, .error-message, .form-error, .errorlist, '
        + '.field-validation-error, .wpcf7-not-valid-tip, .hs-error-msgs, .help-block.with-errors, '
        + '[role="alert"]')]
      .filter((el) => !el.matches(FIELDS) && !el.matches('form, fieldset, button')
        && visible(el) && words(el));
    for (const el of messages) {
      if (messages.some((other) => other !== el && other.contains(el))) continue;
      const field = nearField(el);
      if (!field && !el.closest('form')) continue;  // a banner or a CAPTCHA, not a field error
      found.push({tag: el.tagName.toLowerCase(), id: el.id || null,
        name: el.getAttribute('name'), field: field ? nameOf(field) : null,
        text: words(el), kind: 'message'});
    }
    for (const field of document.querySelectorAll(FIELDS)) {
      if (!field.matches(':invalid') || !visible(field) || !hasValue(field)) continue;
      found.push({tag: field.tagName.toLowerCase(), id: field.id || null,
        name: field.getAttribute('name'), field: nameOf(field),
        text: clip(field.validationMessage || '', 300), kind: 'invalid'});
    }
    return found.slice(0, 20);
  }, []);

  // CAPTCHA widgets the customer can see; an invisible reCAPTCHA badge asks nothing of them.
  const captcha = safely(() => {
    const markers = [];
    const WIDGETS = '.g-recaptcha, .h-captcha, .cf-turnstile, .frc-captcha, [data-sitekey], '
      + '[data-hcaptcha-widget-id], #px-captcha, #captcha, .captcha';
    for (const el of document.querySelectorAll(WIDGETS)) {
      if (el.matches('button, input, script') || el.getAttribute('data-size') === 'invisible'
          || el.closest('.grecaptcha-badge') || !shown(el)) continue;
      const cls = [...el.classList].find((c) => /captcha|turnstile/i.test(c));
      markers.push(cls ? `class:${cls}` : el.id ? `id:${el.id}` : 'data-sitekey');
    }
    const CAPTCHA_FRAME = /captcha|turnstile|challenges\.cloudflare\.com|arkoselabs|funcaptcha/i;
    for (const frame of document.querySelectorAll('iframe')) {
      const src = frame.src || '';
      const title = frame.getAttribute('title') || '';
      if (!CAPTCHA_FRAME.test(src + ' ' + title) || /size=invisible/.test(src)
          || frame.closest('.grecaptcha-badge') || !shown(frame)) continue;
      markers.push(CAPTCHA_FRAME.test(src) ? `iframe:${clip(src, 200)}` : `iframe-title:${clip(title, 200)}`);
    }
    return [...new Set(markers)].slice(0, 10);
  }, []);

  // Sign-in forms in the page's own content (a login box in the site header does not count).
  const login = safely(() => {
    const passwords = [...document.querySelectorAll('input[type="password"]')]
      .filter((p) => shown(p) && !inChrome(p));
    const forms = [...new Set(passwords.map((p) => p.closest('form')
      || (p.parentElement && p.parentElement.parentElement) || p))];
    const allHeadings = [...document.querySelectorAll(HEADINGS)].slice(0, 300);
    const formHeadings = [];
    const buttons = [];
    for (const form of forms) {
      for (const h of form.querySelectorAll(HEADINGS)) if (visible(h)) formHeadings.push(words(h));
      // The last heading before the form: what the form is titled.
      const before = allHeadings.filter((h) => visible(h) && !form.contains(h)
        && (h.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)).pop();
      if (before) formHeadings.push(words(before));
      for (const b of form.querySelectorAll('button, input[type="submit"], input[type="button"]')) {
        if (visible(b)) buttons.push(clip((b.innerText || b.value || '').trim(), 100));
      }
    }
    return {password_fields: passwords.length,
            headings: [...new Set(formHeadings.filter(Boolean))].slice(0, 10),
            buttons: [...new Set(buttons.filter(Boolean))].slice(0, 10)};
  }, {password_fields: 0, headings: [], buttons: []});

  const visibleFields = safely(() => [...document.querySelectorAll(FIELDS)]
    .filter((f) => shown(f) && !inChrome(f)).length, 0);

  return {
    url: location.href,
    title: clip(document.title || '', 500),
    text: clip(text, limit),
    main_text_length: text.length,
    headings,
    main_headings: mainHeadings,
    field_errors: fieldErrors,
    password_fields: document.querySelectorAll('input[type="password"]').length,
    iframes: [...document.querySelectorAll('iframe')].slice(0, 20).map((f) => f.src || ''),
    captcha,
    login,
    visible_fields: visibleFields,
  };
}
