// A manual clock for the gadget's pure modules: now(), setTimeout/clearTimeout, and advance(ms), which runs the
// timers that fall due in order and lets promise callbacks run in between.
export class FakeClock {
  constructor(start = Date.parse('2026-04-20T08:37:00.000Z')) {
    this.ms = start;
    this.timers = [];
    this.nextId = 1;
    this.now = () => this.ms;
    this.setTimeout = (fn, delay) => {
      const id = this.nextId++;
      this.timers.push({ id, at: this.ms + Math.max(0, delay || 0), fn });
      return id;
    };
    this.clearTimeout = (id) => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  pending() {
    return this.timers.length;
  }

  async advance(ms) {
    const until = this.ms + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.timers[0];
      if (!due || due.at > until) break;
      this.timers.shift();
      this.ms = due.at;
      due.fn();
      await settle();
    }
    this.ms = until;
    await settle();
  }
}

/** Lets queued promise callbacks run (several turns, for chains). */
export async function settle() {
  for (let i = 0; i < 20; i++) {
    await Promise.resolve();
  }
  await new Promise((resolve) => setImmediate(resolve));
}
