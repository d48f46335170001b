// WAI-ARIA tabs: buttons with role=tab, arrow keys and Home/End move between them, Enter/Space (a click) selects.

export function createTabs(tablist, onSelect) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  function select(tab, focus) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect(tab.dataset.view);
  }
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  tablist.addEventListener('keydown', (event) => {
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length], true);
  });
  return {
    show(view, focus = false) {
      const tab = tabs.find((t) => t.dataset.view === view);
      if (tab) select(tab, focus);
    },
    get current() {
      return tabs.find((t) => t.getAttribute('aria-selected') === 'true')?.dataset.view;
    },
  };
}
