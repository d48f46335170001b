// Pure reading of the correlation engine's match_reason into parts the call detail lists. The engine writes:
//   matched:    "dialog 123: starts 0.6 s from the agent connecting, agent connected for 100% of it, ..."
//               "spans dialogs 1 then 2 (consult chain): ..."
//   ambiguous:  "ambiguous: dialog 1 (p=0.55: item, item) or dialog 2 (p=0.40: item); the evidence cannot separate them"
//   unmatched:  "no voice dialog on extension 61001 near the recording; agent 012345 was signed in on 61001",
//               "evidence too weak for dialog 1 (item, item)", "no agent extension on the recording"
// Anything else comes back as one summary line. The engine stores its observations, not each one's weight.

function items(text) {
  return text.split(/,\s+/).map((item) => item.trim()).filter(Boolean);
}

/** Splits "a (b (c)), d" at top-level separators. */
function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseReason(reason) {
  const text = (reason || '').trim();
  if (!text) return { kind: 'text', summary: '', items: [], candidates: [], notes: [] };
  const [main, ...notes] = splitTop(text, '; ');
  if (main.startsWith('ambiguous: ')) {
    const candidates = splitTop(main.slice('ambiguous: '.length), ' or ').map((part) => {
      const m = /^(.*?) \(p=([\d.]+): (.*)\)$/.exec(part);
      return m ? { label: m[1], p: Number(m[2]), items: items(m[3]) } : { label: part, p: null, items: [] };
    });
    return { kind: 'ambiguous', summary: 'Ambiguous between ' + candidates.map((c) => c.label).join(' and '), items: [], candidates, notes };
  }
  const weak = /^evidence too weak for (.*?) \((.*)\)$/.exec(main);
  if (weak) return { kind: 'unmatched', summary: `Evidence too weak for ${weak[1]}`, items: items(weak[2]), candidates: [], notes };
  const matched = /^((?:spans )?dialogs? .*?): (.*)$/.exec(main);
  if (matched) return { kind: 'matched', summary: matched[1].replace(/^dialog/, 'Dialog').replace(/^spans/, 'Spans'), items: items(matched[2]), candidates: [], notes };
  return { kind: 'text', summary: main, items: [], candidates: [], notes };
}
