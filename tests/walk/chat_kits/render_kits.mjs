// Renders one conversation with real chat UI kits, from their npm packages, to static HTML
// for tests/walk/chat_kits/test_chat_kits.py. The output (markup/*.html, and each kit's own
// CSS) is committed: the tests need no npm. Run again after changing a version in
// package.json:
//
//   cd tests/walk/chat_kits && npm ci && node render_kits.mjs
//
// Each markup/<kit>.html holds the kit's message list (with the bot's greeting in it) and one
// <template> per message the test page inserts later, all as the kit's React components draw
// them: a customer message, a virtual assistant with its badge, then a named person from
// customer care with a time stamp. "{customer}" in a customer message is the text typed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as scope from "@chatscope/chat-ui-kit-react";
import elements from "react-chat-elements";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = path.join(here, "markup");
const h = React.createElement;

const version = (name) => require(`${name}/package.json`).version;

// Who says what, per language: the page shows the greeting at once, the rest when it is due.
const CONVERSATIONS = {
  en: {
    bot: "Ava", botBadge: "Virtual assistant", person: "Sam Rivera", personBadge: "Customer Care",
    greeting: "Hi! How can I help you today?",
    bot1: "I'm sorry to hear that. Could you send me a photo of the damage?",
    bot2: "Of course. I'm connecting you to a colleague now.",
    person1: "Hello, Sam here. I'm so sorry about your parcel, a replacement ships today.",
  },
  de: {
    bot: "Ava", botBadge: "Virtueller Assistent", person: "Sam Rivera", personBadge: "Kundenservice",
    greeting: "Hallo! Wie kann ich Ihnen helfen?",
    bot1: "Das tut mir leid. Können Sie mir ein Foto des Schadens schicken?",
    bot2: "Natürlich. Ich verbinde Sie jetzt mit einem Kollegen.",
    person1: "Hallo, hier ist Sam. Entschuldigung für das Paket, der Ersatz geht heute raus.",
  },
};
const TIMES = {greeting: "10:40", bot1: "10:41", bot2: "10:41", person1: "10:42", customer: "10:41"};

// @chatscope/chat-ui-kit-react: <Message model={{sender, sentTime, …}}> with a header that shows
// the sender, the app's role badge and the time (the kit's own sender-name and sent-time
// elements); an avatar with the sender's name as its alt text.
function chatscope(c) {
  const incoming = (key, sender, badge) => h(scope.Message, {
    model: {message: c[key], sender, sentTime: TIMES[key], direction: "incoming",
            position: "single"},
  },
  h(scope.Avatar, {name: sender, src: "data:image/gif;base64,R0lGODlhAQABAAAAACw="}),
  h(scope.Message.Header, {},
    h("div", {className: "cs-message__sender-name"}, sender),
    h("span", {className: "role-badge"}, badge),
    h("div", {className: "cs-message__sent-time"}, TIMES[key])));
  const customer = h(scope.Message, {
    model: {message: "{customer}", sender: "You", sentTime: TIMES.customer,
            direction: "outgoing", position: "single"},
  });
  const list = h(scope.MainContainer, {style: {height: "420px"}},
    h(scope.ChatContainer, {},
      h(scope.MessageList, {}, incoming("greeting", c.bot, c.botBadge))));
  return {
    list: renderToStaticMarkup(list),
    listSelector: "[data-cs-message-list]",
    agentMessages: ".cs-message--incoming",
    messages: {
      greeting: renderToStaticMarkup(incoming("greeting", c.bot, c.botBadge)),
      customer: renderToStaticMarkup(customer),
      bot1: renderToStaticMarkup(incoming("bot1", c.bot, c.botBadge)),
      bot2: renderToStaticMarkup(incoming("bot2", c.bot, c.botBadge)),
      person1: renderToStaticMarkup(incoming("person1", c.person, c.personBadge)),
    },
    packages: ["@chatscope/chat-ui-kit-react", "@chatscope/chat-ui-kit-styles"],
    css: require.resolve("@chatscope/chat-ui-kit-styles/dist/default/styles.min.css"),
  };
}

// react-chat-elements: <MessageBox title={…} dateString={…}>, the title being the sender's
// name and role as apps write it ("Sam Rivera · Customer Care"), with the initials avatar
// the kit draws when there is no picture; the time is the kit's `dateString`.
function chatElements(c) {
  const box = (props) => h(elements.MessageBox, {type: "text", notch: true, ...props});
  const incoming = (key, sender, badge) => box({
    position: "left", title: `${sender} · ${badge}`, text: c[key], dateString: TIMES[key],
    date: new Date(0), letterItem: {id: sender, letter: initials(sender)}, avatar: " ",
  });
  const customer = box({position: "right", text: "{customer}", dateString: TIMES.customer,
                        date: new Date(0)});
  const list = h("div", {className: "rce-container-mlist message-list"},
    h("div", {className: "rce-mlist"}, incoming("greeting", c.bot, c.botBadge)));
  return {
    list: renderToStaticMarkup(list),
    listSelector: ".rce-mlist",
    agentMessages: ".rce-mbox:not(.rce-mbox-right)",
    messages: {
      greeting: renderToStaticMarkup(incoming("greeting", c.bot, c.botBadge)),
      customer: renderToStaticMarkup(customer),
      bot1: renderToStaticMarkup(incoming("bot1", c.bot, c.botBadge)),
      bot2: renderToStaticMarkup(incoming("bot2", c.bot, c.botBadge)),
      person1: renderToStaticMarkup(incoming("person1", c.person, c.personBadge)),
    },
    packages: ["react-chat-elements"],
    css: require.resolve("react-chat-elements/dist/main.css"),
  };
}

function initials(name) {
  return name.split(" ").map((word) => word[0]).join("");
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;")
  .replace(/</g, "&lt;");

function write(name, kit, language) {
  const made = [...kit.packages, "react", "react-dom"].map((p) => `${p} ${version(p)}`);
  const templates = Object.entries(kit.messages).map(([key, html]) =>
    `<template data-message="${key}">${html}</template>`).join("\n");
  const page = [
    `<!-- Generated by render_kits.mjs with ${made.join(", ")}. Do not edit. -->`,
    `<div data-kit="${name}" data-language="${language}" data-list="${escape(kit.listSelector)}"`
    + ` data-agent-messages="${escape(kit.agentMessages)}">`,
    kit.list,
    "</div>",
    templates,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, `${name}.${language}.html`), page);
  const css = path.join(out, `${name}.css`);
  fs.copyFileSync(kit.css, css);
}

fs.mkdirSync(out, {recursive: true});
for (const [name, render] of [["chatscope", chatscope], ["chat-elements", chatElements]]) {
  for (const language of Object.keys(CONVERSATIONS)) {
    write(name, render(CONVERSATIONS[language]), language);
  }
}
console.log(`wrote ${fs.readdirSync(out).sort().join(", ")} in ${out}`);
// Some kits start timers when imported (progress bars, relative times): do not wait for them.
process.exit(0);
