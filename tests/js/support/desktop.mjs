// Drives the Finesse stand-in desktop in Chromium: opens it, finds a gadget's frame, reads the gadget's status.
import { launchBrowser } from '../tools/browser.mjs';
import { eventually } from './backend.mjs';

export { launchBrowser };

export async function openDesktop(context, url, problems = []) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return page;
}

/** The n-th gadget iframe (mid=n) of the desktop page. */
export async function gadgetFrame(page, n = 1) {
  return eventually(async () => page.frames().find((f) => f.url().includes('/gadgets/ifr') && f.url().includes(`mid=${n}`)), Boolean, `gadget frame ${n}`);
}

/** The collector's status line and its data attributes. */
export async function status(frame) {
  return frame.evaluate(() => {
    const element = document.getElementById('correlationhub-status');
    return element ? { text: element.textContent, session: element.dataset.session, hub: element.dataset.hub, via: element.dataset.via, outbox: Number(element.dataset.outbox) } : null;
  });
}

/** Waits until the collector has raised at least n events and the backend acknowledged all of them. */
export async function delivered(frame, n, what = `${n} events delivered`, timeoutMs = 30000) {
  return eventually(() => frame.evaluate(() => {
    const running = window.CorrelationHub && window.CorrelationHub.running;
    return running ? { raised: running.collector.raised, waiting: running.outbox.size() } : { raised: 0, waiting: -1 };
  }), (s) => s.raised >= n && s.waiting === 0, what, timeoutMs);
}
