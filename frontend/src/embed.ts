// The iframe variant of the widgets: Plaza's `/embed/...` pages (embed.html), which intranets
// frame with `<plaza-frame>` (or a plain `<iframe>`). The server answers any `/embed/...` path
// with this page and lets only the origins allowed by the agency in `?agencia=` frame it.
//   /embed/latest?agencia=X&platform=…&level=…&country=…&limit=…&heading=…&from-agency=…
//   /embed/search?agencia=X&platform=…&level=…&type=…&limit=…&heading=…&placeholder=…&from-agency=…
//   /embed/guideline?agencia=X&guideline=<global id>
// Each takes `lang` (es, ca, pt, en; Spanish otherwise): the page and its widget speak it.
// The page shows the same custom elements as the widget script (anonymous: public content
// only) and tells its parent how tall it is, so the frame never scrolls.

import "./widgets/embed.css";
import "./widgets/index";
import { embedRoute } from "./widgets/core";
import { message, supportedLanguage } from "./widgets/i18n";

const main = document.querySelector("main") ?? document.body.appendChild(document.createElement("main"));
const title = main.querySelector("h1") ?? main.appendChild(document.createElement("h1"));
const route = embedRoute(location.pathname, location.search);

const lang = route?.lang ?? supportedLanguage(new URLSearchParams(location.search).get("lang")) ?? "es";
document.documentElement.lang = lang;
if (route) {
  title.textContent = route.title;
  document.title = route.title;
  const element = document.createElement(route.tag);
  for (const [name, value] of Object.entries(route.attributes)) element.setAttribute(name, value);
  main.append(element);
} else {
  const unknown = document.createElement("p");
  unknown.textContent = message(lang, "embed.unknown");
  main.append(unknown);
}

// The height goes to whichever page frames us: the message says nothing but a number of
// pixels, so any parent may read it ("*"); `<plaza-frame>` accepts it only from its own
// frame's window and from Plaza's origin.
if (window.parent !== window) {
  let reported = -1;
  const report = () => {
    const height = Math.ceil(main.getBoundingClientRect().height);
    if (height === reported) return;
    reported = height;
    window.parent.postMessage({ type: "plaza:height", height }, "*");
  };
  new ResizeObserver(report).observe(main);
  report();
}
