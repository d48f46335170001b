// Finesse stand-in (tests only): a small XML parser and serializer, and the XML-to-JS conversion finesse.js applies
// to REST and notification payloads: text comes out as strings, empty elements as null, one child as an object
// (or a string), repeated children as an array. Loads in the browser (the stand-in finesse.js) and in Node (the
// fake Finesse server, the unit tests), so both sides see the fixtures the same way.
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { root.FinesseXml = api; }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

  function decode(text) {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, function (whole, name) {
      if (name[0] === '#') { return String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)); }
      return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : whole;
    });
  }

  function escape(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** Parses a document into { name, attrs, children } elements; text children are { text }. */
  function parse(xml) {
    var pos = 0;
    var stack = [{ name: '#document', attrs: {}, children: [] }];
    var tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
    while (pos < xml.length) {
      var top = stack[stack.length - 1];
      if (xml.startsWith('<?', pos)) { pos = xml.indexOf('?>', pos) + 2; continue; }
      if (xml.startsWith('<!--', pos)) { pos = xml.indexOf('-->', pos) + 3; continue; }
      if (xml.startsWith('<![CDATA[', pos)) {
        var end = xml.indexOf(']]>', pos);
        top.children.push({ text: xml.slice(pos + 9, end), cdata: true });
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<!', pos)) { pos = xml.indexOf('>', pos) + 1; continue; }
      if (xml.startsWith('</', pos)) {
        var close = xml.indexOf('>', pos);
        var name = xml.slice(pos + 2, close).trim();
        if (top.name !== name) { throw new Error('XML: </' + name + '> closes <' + top.name + '>'); }
        stack.pop();
        pos = close + 1;
        continue;
      }
      if (xml[pos] === '<') {
        var match = tag.exec(xml.slice(pos, pos + 4096));
        if (!match) { throw new Error('XML: bad tag at ' + pos); }
        var attrs = {};
        match[2].replace(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g, function (w, k, q, d, s) { attrs[k] = decode(d !== undefined ? d : s); return w; });
        var element = { name: match[1], attrs: attrs, children: [] };
        top.children.push(element);
        if (!match[3]) { stack.push(element); }
        pos += match[0].length;
        continue;
      }
      var next = xml.indexOf('<', pos);
      if (next < 0) { next = xml.length; }
      top.children.push({ text: decode(xml.slice(pos, next)) });
      pos = next;
    }
    if (stack.length !== 1) { throw new Error('XML: <' + stack[stack.length - 1].name + '> not closed'); }
    var roots = stack[0].children.filter(function (c) { return c.name; });
    return roots[0];
  }

  function elements(element) { return element.children.filter(function (c) { return c.name; }); }

  function textOf(element) {
    return element.children.filter(function (c) { return !c.name; }).map(function (c) { return c.text; }).join('');
  }

  /** finesse.js's conversion of one element's content. */
  function toJs(element) {
    var children = elements(element);
    if (children.length === 0 && Object.keys(element.attrs).length === 0) {
      var text = textOf(element);
      return text.trim() === '' ? null : text;
    }
    var result = {};
    Object.keys(element.attrs).forEach(function (k) { result['@' + k] = element.attrs[k]; });
    children.forEach(function (child) {
      var value = toJs(child);
      if (Object.prototype.hasOwnProperty.call(result, child.name)) {
        if (!Array.isArray(result[child.name])) { result[child.name] = [result[child.name]]; }
        result[child.name].push(value);
      } else {
        result[child.name] = value;
      }
    });
    return result;
  }

  function serialize(element) {
    if (!element.name) { return element.cdata ? '<![CDATA[' + element.text + ']]>' : escape(element.text); }
    var attrs = Object.keys(element.attrs).map(function (k) { return ' ' + k + '="' + escape(element.attrs[k]) + '"'; }).join('');
    return '<' + element.name + attrs + '>' + element.children.map(serialize).join('') + '</' + element.name + '>';
  }

  /** The first child element with that name (a path "a/b" walks down). */
  function child(element, path) {
    var current = element;
    path.split('/').forEach(function (name) {
      current = current && elements(current).filter(function (c) { return c.name === name; })[0];
    });
    return current || null;
  }

  function children(element, name) { return elements(element).filter(function (c) { return c.name === name; }); }

  /** Sets the text of a child element (created when missing); null or '' makes it empty. */
  function setText(element, name, value) {
    var target = child(element, name);
    if (!target) {
      target = { name: name, attrs: {}, children: [] };
      element.children.push(target);
    }
    target.children = value === null || value === undefined || value === '' ? [] : [{ text: String(value) }];
    return target;
  }

  function make(name, content) {
    var element = { name: name, attrs: {}, children: [] };
    (content || []).forEach(function (c) { element.children.push(typeof c === 'string' ? { text: c } : c); });
    return element;
  }

  function clone(element) { return parse(serialize(element)); }

  return { parse: parse, serialize: serialize, toJs: toJs, child: child, children: children, elements: elements, setText: setText, textOf: textOf, make: make, clone: clone };
});
