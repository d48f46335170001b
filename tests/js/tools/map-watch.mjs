// Opens the live map, reports READY once it is connected, then waits until the given agent's row shows a call whose
// recording status is the given one (data-status: linked, ambiguous, not-recorded, ...), reports SEEN, and saves a
// screenshot.
// With a fifth argument the row must also read that text (a live segment reads "Recording, linked", an ended one
// "Recorded, linked": the engine may link a leg before its BYE arrives).
// Usage: node map-watch.mjs <baseUrl> <username> <status> <screenshot.png> [text]
import { launchBrowser } from './browser.mjs';

const [baseUrl, username, status, screenshot, text] = process.argv.slice(2);
const context = await launchBrowser();
try {
  const page = await context.newPage();
  page.on('console', (message) => process.stderr.write(`console: ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`pageerror: ${error.message}\n`));
  await page.goto(baseUrl + '/');
  await page.waitForSelector('#connection.connected', { timeout: 30000 });
  process.stdout.write('READY\n');
  const selector = `tr[data-username="${username}"] .rec[data-status="${status}"]`;
  await page.waitForSelector(selector, { timeout: 60000 });
  if (text) {
    await page.waitForFunction(
      ([row, wanted]) => document.querySelector(row)?.textContent?.includes(wanted) === true,
      [`tr[data-username="${username}"]`, text],
      { timeout: 60000 });
  }
  const agentText = await page.textContent(`tr[data-username="${username}"]`);
  await page.screenshot({ path: screenshot, fullPage: true });
  process.stdout.write(`SEEN ${JSON.stringify(agentText)}\n`);
} finally {
  await context.close();
}
