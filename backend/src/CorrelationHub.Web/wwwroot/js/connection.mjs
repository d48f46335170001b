// Pure: what the connection indicator says. States: connecting, live, reconnecting, disconnected. Live data is
// "stale" when nothing (delta or tick) came for longer than three ticks, or whenever the page is not live.
import { timeText } from './format.mjs';

export const STALE_AFTER_MS = 15000;

export function connectionView(state, lastMessageMs, nowMs) {
  const since = lastMessageMs ? ` — data from ${timeText(new Date(lastMessageMs).toISOString())}` : '';
  if (state === 'live') {
    if (lastMessageMs && nowMs - lastMessageMs > STALE_AFTER_MS) return { text: `Live, but no update for ${Math.round((nowMs - lastMessageMs) / 1000)} s${since}`, className: 'stale', stale: true };
    return { text: 'Live', className: 'connected', stale: false };
  }
  if (state === 'reconnecting') return { text: `Reconnecting…${since}`, className: 'reconnecting', stale: true };
  if (state === 'disconnected') return { text: `Disconnected, retrying${since}`, className: 'disconnected', stale: true };
  return { text: 'Connecting…', className: 'connecting', stale: true };
}
