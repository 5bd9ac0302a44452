// The recorder: installed in every frame of the page being recorded. It reports what the
// person does (clicks, typing, choices, ticks, key presses, files attached) and the text that
// appears afterwards, each with enough of the element for the tool to write a locator a
// person can read ({role: button, name: Send}, {label: Email}) and that finds that element
// alone on the page. Only trusted events count: what the page's own scripts do is not the
// customer's doing.
(function () {
  "use strict";
  if (window.__shopperRecorder) {
    return;
  }
  const binding = "__shopperRecord";
  const doc = Math.random().toString(36).slice(2);  // tells one document from the next
  window.__shopperRecorder = {doc: doc};

  function send(event) {
    event.doc = doc;
    event.at = performance.timeOrigin + performance.now();
    event.url = location.href;
    try {
      window[binding](event);
    } catch (ignored) { /* the recording has ended */ }
  }

  function squash(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  // --- what a person sees of an element: its role, name and label -------------------------

  const FIELD_TYPES = ["", "text", "email", "tel", "url", "search", "password"];

  function roleOf(el) {
    const explicit = (el.getAttribute("role") || "").trim().split(/\s+/)[0];
    if (explicit) {
      return explicit;
    }
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "button") return "button";
    if (tag === "a" && el.hasAttribute("href")) return "link";
    if (tag === "textarea") return "textbox";
    if (tag === "select") return el.multiple || el.size > 1 ? "listbox" : "combobox";
    if (tag === "summary") return "button";
    if (/^h[1-6]$/.test(tag)) return "heading";
    if (tag === "img" && el.getAttribute("alt")) return "img";
    if (tag === "input") {
      if (["button", "submit", "reset", "image"].includes(type)) return "button";
      if (type === "checkbox") return "checkbox";
      if (type === "radio") return "radio";
      if (type === "number") return "spinbutton";
      if (type === "range") return "slider";
      if (type === "password") return null;  // no role of its own: found by its label
      if (FIELD_TYPES.includes(type)) return el.hasAttribute("list") ? "combobox" : "textbox";
    }
    return null;
  }

  function byIds(el, attribute) {
    const ids = (el.getAttribute(attribute) || "").trim().split(/\s+/).filter(Boolean);
    return squash(ids.map(function (id) {
      const other = el.ownerDocument.getElementById(id);
      return other ? other.textContent : "";
    }).join(" "));
  }

  function labelOf(el) {
    const labelled = byIds(el, "aria-labelledby");
    if (labelled) return labelled;
    const aria = squash(el.getAttribute("aria-label"));
    if (aria) return aria;
    if (el.labels && el.labels.length) {
      return squash(Array.from(el.labels).map(function (label) {
        return label.innerText || label.textContent;
      }).join(" "));
    }
    return "";
  }

  function nameOf(el) {
    const label = labelOf(el);
    if (label) return label;
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "input" && ["button", "submit", "reset"].includes(type)) {
      return squash(el.value) || (type === "submit" ? "Submit" : type === "reset" ? "Reset" : "");
    }
    if (tag === "input" && type === "image") return squash(el.getAttribute("alt"));
    if (tag === "img") return squash(el.getAttribute("alt"));
    if (["input", "textarea", "select"].includes(tag)) {
      return squash(el.getAttribute("title") || el.getAttribute("placeholder"));
    }
    const text = squash(el.innerText || el.textContent);
    if (text) return text;
    const pictured = el.querySelector("img[alt]");
    return pictured ? squash(pictured.getAttribute("alt")) : squash(el.getAttribute("title"));
  }

  function visible(el) {
    if (!el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 || box.height > 0;
  }

  // How many visible elements a get_by_* mapping would find: Playwright's default match is
  // a case-insensitive part of the text; `exact` the whole text, case and all.
  function matches(found, wanted, exact) {
    return exact ? found === wanted : found.toLowerCase().includes(wanted.toLowerCase());
  }

  function all(root) {
    return Array.from(root.querySelectorAll("*"));
  }

  function countWhere(el, test) {
    return all(el.ownerDocument).filter(function (other) {
      return test(other) && visible(other);
    }).length;
  }

  function withExactness(el, build, count) {
    // The loose form reads best; `exact: true` only when it alone tells the element apart.
    const loose = count(false);
    if (loose === 1) return build(false, loose);
    const strict = count(true);
    return build(strict === 1, strict === 1 ? 1 : loose);
  }

  function candidates(el) {
    const found = [];
    const role = roleOf(el);
    const name = nameOf(el);
    if (role && name && name.length <= 80) {
      found.push(withExactness(el, function (exact, count) {
        const locator = {role: role, name: name};
        if (exact) locator.exact = true;
        return {locator: locator, count: count};
      }, function (exact) {
        return countWhere(el, function (o) { return roleOf(o) === role && matches(nameOf(o), name, exact); });
      }));
    }
    const label = labelOf(el);
    if (label && label.length <= 80) {
      found.push(withExactness(el, function (exact, count) {
        const locator = {label: label};
        if (exact) locator.exact = true;
        return {locator: locator, count: count};
      }, function (exact) {
        return countWhere(el, function (o) { return matches(labelOf(o), label, exact); });
      }));
    }
    const placeholder = squash(el.getAttribute("placeholder"));
    if (placeholder) {
      found.push({locator: {placeholder: placeholder}, count: countWhere(el, function (o) {
        return matches(squash(o.getAttribute("placeholder")), placeholder, false);
      })});
    }
    const text = squash(el.innerText);
    if (!role && text && text.length <= 60) {
      found.push({locator: {text: text}, count: countWhere(el, function (o) {
        return squash(o.innerText) === text && !Array.from(o.children).some(function (c) {
          return squash(c.innerText) === text;
        });
      })});
    }
    const testid = el.getAttribute("data-testid");
    if (testid) {
      found.push({locator: {testid: testid}, count: countWhere(el, function (o) {
        return o.getAttribute("data-testid") === testid;
      })});
    }
    found.push({locator: cssPath(el), count: 1});
    return found;
  }

  function cssPath(el) {
    if (el.id && /^[A-Za-z][\w-]*$/.test(el.id) &&
        el.ownerDocument.querySelectorAll("#" + el.id).length === 1) {
      return "#" + el.id;
    }
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && node !== el.ownerDocument.documentElement) {
      if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) {
        parts.unshift("#" + node.id);
        break;
      }
      const tag = node.tagName.toLowerCase();
      const siblings = node.parentElement ? Array.from(node.parentElement.children).filter(
        function (s) { return s.tagName === node.tagName; }) : [];
      parts.unshift(siblings.length > 1 ? tag + ":nth-of-type(" + (siblings.indexOf(node) + 1) + ")" : tag);
      node = node.parentElement;
    }
    return parts.join(" > ");
  }

  function describe(el) {
    return {tag: el.tagName.toLowerCase(), type: (el.getAttribute("type") || "").toLowerCase(),
            candidates: candidates(el)};
  }

  // --- what the person does ------------------------------------------------------------------

  const CLICKABLE = "a,button,input,select,textarea,summary,label,[role=button],[role=link]," +
    "[role=tab],[role=menuitem],[role=checkbox],[role=radio],[role=option],[role=switch]," +
    "[onclick],[tabindex]";
  let lastKeyAt = 0;

  function isField(el) {
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    if (el.isContentEditable) return true;
    return tag === "input" && !["button", "submit", "reset", "image", "checkbox", "radio",
                                "file", "hidden"].includes(type);
  }

  function tickable(el) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    return el.tagName.toLowerCase() === "input" && (type === "checkbox" || type === "radio");
  }

  document.addEventListener("click", function (event) {
    if (!event.isTrusted) return;
    const el = event.target.closest ? event.target.closest(CLICKABLE) : null;
    if (!el || isField(el) || tickable(el)) return;  // typing and ticking are their own steps
    if (el.tagName.toLowerCase() === "label") return;  // the control it names reports itself
    if (el.tagName.toLowerCase() === "input" && el.type === "file") return;
    // Enter in a field makes the browser click the form's button (detail 0): that is the
    // key press already recorded, not a second action.
    if (event.detail === 0 && performance.now() - lastKeyAt < 500) return;
    send({kind: "click", target: describe(el)});
  }, true);

  document.addEventListener("input", function (event) {
    const el = event.target;
    if (!event.isTrusted || !el.tagName || !isField(el) || el.tagName.toLowerCase() === "select") return;
    send({kind: "fill", target: describe(el), value: el.isContentEditable ? el.innerText : el.value});
  }, true);

  document.addEventListener("change", function (event) {
    const el = event.target;
    if (!el.tagName) return;
    const tag = el.tagName.toLowerCase();
    // A page cannot choose files for the person, so a file input's change is theirs even
    // when the browser does not mark it trusted (files set over DevTools are not).
    if (!event.isTrusted && !(tag === "input" && el.type === "file")) return;
    if (tag === "select") {
      const chosen = Array.from(el.selectedOptions).map(function (o) { return squash(o.label || o.textContent); });
      send({kind: "select", target: describe(el), value: chosen[0] || el.value});
    } else if (tickable(el)) {
      send({kind: el.checked ? "check" : "click", target: describe(el)});
    } else if (tag === "input" && el.type === "file") {
      attached(el);
    }
  }, true);

  function attached(el) {
    const files = Array.from(el.files || []);
    const target = describe(el);
    Promise.all(files.map(function (file) {
      return new Promise(function (resolve) {
        const reader = new FileReader();
        reader.onload = function () {
          resolve({name: file.name, data: String(reader.result).split(",", 2)[1] || ""});
        };
        reader.onerror = function () { resolve({name: file.name, data: null}); };
        reader.readAsDataURL(file);
      });
    })).then(function (read) {
      send({kind: "upload", target: target, files: read});
    });
  }

  const KEYS = ["Enter", "Escape"];
  document.addEventListener("keydown", function (event) {
    if (!event.isTrusted || !KEYS.includes(event.key)) return;
    const el = event.target;
    if (el.tagName && el.tagName.toLowerCase() === "textarea" && event.key === "Enter") return;
    lastKeyAt = performance.now();
    const inField = el.tagName && el !== document.body && el !== document.documentElement;
    send({kind: "press", key: event.key, target: inField ? describe(el) : null});
  }, true);

  document.addEventListener("submit", function () {
    send({kind: "submit"});
  }, true);

  // --- what appears afterwards ---------------------------------------------------------------

  const CHROME = "header,footer,nav,[role=banner],[role=navigation],[role=contentinfo]";
  let pending = [];
  let flushing = null;

  function inChrome(el) {
    return Boolean(el.closest && el.closest(CHROME));
  }

  function appeared(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    if (!el || inChrome(el) || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) return;
    const text = node.nodeType === 1 ? squash(el.innerText) : (visible(el) ? squash(node.textContent) : "");
    if (!text) return;
    pending.push(text);
    if (!flushing) {
      flushing = setTimeout(function () {
        flushing = null;
        const texts = pending;
        pending = [];
        send({kind: "text", texts: texts, lang: document.documentElement.lang || null});
      }, 100);
    }
  }

  // Shown by removing `hidden` or a `display: none`: new to the person, like an insertion.
  function wasHidden(record) {
    const old = record.oldValue;
    return record.attributeName === "hidden" ? old !== null
      : /display\s*:\s*none|visibility\s*:\s*hidden/.test(old || "");
  }

  function watch() {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "childList") {
          record.addedNodes.forEach(appeared);
        } else if (record.type === "characterData") {
          appeared(record.target);
        } else if (record.type === "attributes" && wasHidden(record) && visible(record.target)) {
          appeared(record.target);
        }
      });
    }).observe(document.documentElement, {childList: true, subtree: true, characterData: true,
                                           attributes: true, attributeOldValue: true,
                                           attributeFilter: ["hidden", "style"]});
    const main = document.querySelector("main,[role=main]") || document.body;
    const text = Array.from(main.children).filter(function (el) {
      return !inChrome(el) && !el.matches(CHROME) && el.tagName !== "SCRIPT";
    }).map(function (el) { return squash(el.innerText); }).filter(Boolean);
    const heading = document.querySelector("h1");
    send({kind: "page", texts: text, title: document.title,
          heading: heading ? squash(heading.innerText) : "",
          lang: document.documentElement.lang || null, top: window === window.top});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
