// Coalesces renders: changes mark rows dirty, one render per animation frame draws them all. The scheduler is
// injected (requestAnimationFrame in the page, a manual one in tests).

export function createRenderQueue(render, schedule) {
  let agents = new Set();
  let unmatched = new Set();
  let full = false;
  let notes = [];
  let scheduled = false;

  function flush() {
    scheduled = false;
    const batch = { agents, unmatched, full, notes };
    agents = new Set();
    unmatched = new Set();
    full = false;
    notes = [];
    render(batch);
  }

  return {
    /** Marks rows to redraw; notes ride along to the render that draws them (latency measurement). */
    mark({ agents: a = [], unmatched: u = [], full: f = false } = {}, more = []) {
      for (const key of a) agents.add(key);
      for (const key of u) unmatched.add(key);
      full = full || f;
      notes.push(...more);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
  };
}
