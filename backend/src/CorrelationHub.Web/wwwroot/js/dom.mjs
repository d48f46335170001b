// A small element builder: h('td', { className: 'x', dataset: { k: 'v' } }, 'text', child, null).

export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name === 'className') node.className = value;
      else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
      else if (name in node && !name.startsWith('aria') && name !== 'role') node[name] = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** Announces a message to screen readers through an aria-live region. */
export function announce(region, text) {
  region.textContent = '';
  // A new text node after clearing makes screen readers speak a repeated message too.
  setTimeout(() => { region.textContent = text; }, 20);
}
