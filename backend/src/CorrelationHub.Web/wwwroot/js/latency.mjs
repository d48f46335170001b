// Update-to-render measurement: for each delta drawn, the time from the server's timestamp in the delta (and from
// the change it carries) to the frame after the DOM update. The bench (scripts/bench/map.sh) reads these samples;
// both clocks are the same machine's on loopback.
import { ms } from './format.mjs';

const LIMIT = 200000;

export function createLatency(win) {
  const samples = { update: [], change: [], render: [], paint: [] };
  win.__mapLatency = samples;
  const after = (fn) => {
    // The rAF callback runs before the frame is painted; a message posted from it runs after the paint.
    win.requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = fn;
      channel.port2.postMessage(0);
    });
  };
  return {
    /**
     * notes: [{ serverTime, changedAt: [iso] }] of the deltas whose rows were just written to the DOM; renderMs: the
     * script time of that render. Also kept: the time from the end of the render to the frame after it (style,
     * layout, paint).
     */
    rendered(notes, renderMs) {
      if (notes.length === 0) return;
      if (samples.render.length < LIMIT) samples.render.push(renderMs);
      const drawn = win.performance.now();
      after(() => {
        const now = win.performance.timeOrigin + win.performance.now();
        if (samples.paint.length < LIMIT) samples.paint.push(win.performance.now() - drawn);
        for (const note of notes) {
          const server = ms(note.serverTime);
          if (server !== null && samples.update.length < LIMIT) samples.update.push(now - server);
          for (const changed of note.changedAt) {
            const at = ms(changed);
            if (at !== null && samples.change.length < LIMIT) samples.change.push(now - at);
          }
        }
      });
    },
  };
}
