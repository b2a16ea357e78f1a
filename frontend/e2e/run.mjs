// End-to-end tests of the web app and the widgets in real headless Chromium (Debian `chromium`,
// driven by playwright-core) against a running plaza with the demo network:
//   PLAZA_URL=http://127.0.0.1:8080 PLAZA_TOKEN=… node e2e/run.mjs
// Checks the user journeys, runs axe-core (WCAG 2.1 A and AA rules) on each page, and writes
// screenshots under target/e2e/.
import { chromium } from "playwright-core";
import { analytics } from "./analytics.mjs";
import { app } from "./app.mjs";
import { assessment } from "./assessment.mjs";
import { caseEditor } from "./caseeditor.mjs";
import { collab } from "./collab.mjs";
import { evidence } from "./evidence.mjs";
import { graphiql } from "./graphiql.mjs";
import { legal } from "./legal.mjs";
import { moderateContent } from "./moderatecontent.mjs";
import { openData, privateFeed } from "./opendata.mjs";
import { people } from "./people.mjs";
import { personas } from "./personas.mjs";
import { platforms } from "./platforms.mjs";
import { publicFace } from "./publicface.mjs";
import { suspension } from "./suspension.mjs";
import { webhooks } from "./webhooks.mjs";
import { widgets } from "./widgets.mjs";
import { whatWorks } from "./whatworks.mjs";
import { SHOTS, check, checkCount, errors, failures } from "./lib.mjs";

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  // E2E_ONLY=caseEditor,webhooks runs some journeys (names as below); all by default.
  const only = process.env.E2E_ONLY?.split(",");
  const journeys = { app, collab, analytics, assessment, graphiql, personas, widgets, platforms, evidence, whatWorks, publicFace, openData, privateFeed, webhooks, caseEditor, suspension, people, legal, moderateContent };
  for (const [name, journey] of Object.entries(journeys)) {
    if (!only || only.includes(name)) await journey(browser);
  }
  check(errors.length === 0, `no script errors: ${errors.join(" | ")}`);
} finally {
  await browser.close();
}

console.log(`e2e: ${checkCount()} checks, ${failures.length} failures; screenshots in ${SHOTS}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
