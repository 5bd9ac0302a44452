// The form a `fill` step filled, as README defines it: the <form> holding the filled
// fields, else their closest common ancestor; its visible fields (a radio group counts once)
// and the required ones. Called with the filled elements.
(elements) => {
  const filled = elements.filter(Boolean);
  if (!filled.length) return null;
  let form = filled[0].closest('form');
  if (!form || !filled.every((el) => form.contains(el))) {
    form = filled[0].parentElement;
    while (form && !filled.every((el) => form.contains(el))) form = form.parentElement;
  }
  if (!form) return null;
  const SKIP = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const visible = (el) => !el.checkVisibility || el.checkVisibility();
  const radios = new Set();
  const fields = [];
  for (const el of form.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || el.tagName).toLowerCase();
    if (el.tagName === 'INPUT' && SKIP.has(type)) continue;
    if (!visible(el)) continue;
    if (type === 'radio') {
      const key = el.name || el.id;
      if (radios.has(key)) continue;
      radios.add(key);
    }
    const label = (el.labels && el.labels[0] && el.labels[0].innerText) ||
      el.getAttribute('aria-label') || el.getAttribute('placeholder') || el.name || el.id || '';
    fields.push({
      tag: el.tagName.toLowerCase(), type, name: el.name || null, id: el.id || null,
      label: label.trim().slice(0, 120),
      required: el.required || el.getAttribute('aria-required') === 'true',
    });
  }
  return {
    id: form.id || null,
    tag: form.tagName.toLowerCase(),
    action: form.getAttribute && form.getAttribute('action'),
    visible_fields: fields.length,
    required_fields: fields.filter((f) => f.required).length,
    fields,
  };
}
