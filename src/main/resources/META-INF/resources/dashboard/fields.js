// The field paths of the values the page received, offered in the filter and fields boxes: a
// topic decoded through a schema registry (or one of plain JSON) shows what it can filter on.

const MAX_PATHS = 200;
const MAX_DEPTH = 8; // the deepest `fields` path the server takes
const SEGMENT = /^[A-Za-z0-9_$@-]{1,64}$/; // a `fields` path segment

/** The value of a record as JSON, or undefined: a decoded value is JSON already, text is parsed. */
export function jsonOf(record) {
  const envelope = record.envelope;
  if (envelope && envelope.schema) return envelope.value;
  try {
    return JSON.parse(record.value);
  } catch (e) {
    return undefined;
  }
}

/** Paths seen in received values, in the order first seen, bounded. */
export class FieldPaths {
  constructor(fieldsList, filterList) {
    this.fieldsList = fieldsList;
    this.filterList = filterList;
    this.paths = new Set();
    this.dirty = false;
  }

  add(record) {
    const value = jsonOf(record);
    if (value && typeof value === 'object' && !Array.isArray(value)) this.walk(value, '', 1);
  }

  walk(object, prefix, depth) {
    Object.keys(object).forEach((name) => {
      if (this.paths.size >= MAX_PATHS || !SEGMENT.test(name)) return;
      const path = prefix ? prefix + '.' + name : name;
      if (!this.paths.has(path)) {
        this.paths.add(path);
        this.dirty = true;
      }
      const child = object[name];
      if (depth < MAX_DEPTH && child && typeof child === 'object' && !Array.isArray(child)) {
        this.walk(child, path, depth + 1);
      }
    });
  }

  /** Puts the paths in the boxes' lists (fields: `book.bid`; filter: `value.book.bid`). */
  render() {
    if (!this.dirty) return;
    this.dirty = false;
    const options = (prefix) => [...this.paths].map((path) => {
      const option = document.createElement('option');
      option.value = prefix + path;
      return option;
    });
    this.fieldsList.replaceChildren(...options(''));
    const key = document.createElement('option');
    key.value = 'key';
    this.filterList.replaceChildren(key, ...options('value.'));
  }

  clear() {
    this.paths.clear();
    this.dirty = true;
  }
}
