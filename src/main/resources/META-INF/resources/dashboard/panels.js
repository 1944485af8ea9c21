// The dashboard's DOM panels. Stream data only ever enters the page through textContent, so a
// record can never inject markup.

const MAX_ROWS = 100;
const MAX_LOG = 60;

export function clock(time) {
  const d = time instanceof Date ? time : new Date(time);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

/** A key or value as text: JSON decoded through a schema registry is written back as JSON. */
export function asText(value) {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  td.title = td.textContent;
  if (className) td.className = className;
  return td;
}

/** Recent records, newest first; rows are added once per animation frame. */
export class EventsTable {
  constructor(tbody) {
    this.tbody = tbody;
    this.pending = [];
  }

  add(record) {
    this.pending.push(record);
    if (this.pending.length === 1) requestAnimationFrame(() => this.flush());
  }

  flush() {
    const batch = this.pending.splice(0).slice(-MAX_ROWS);
    this.tbody.querySelectorAll('tr.new').forEach((row) => row.classList.remove('new'));
    const fragment = document.createDocumentFragment();
    batch.reverse().forEach((record) => {
      const e = record.envelope || {};
      const row = document.createElement('tr');
      row.className = record.type === 'decode-error' ? 'new decode-error' : 'new';
      cell(row, clock(e.timestamp || Date.now()));
      cell(row, e.topic);
      cell(row, e.partition, 'num');
      cell(row, e.offset, 'num');
      cell(row, asText(e.key));
      cell(row, record.type);
      cell(row, record.value);
      fragment.append(row);
    });
    this.tbody.prepend(fragment);
    while (this.tbody.rows.length > MAX_ROWS) this.tbody.deleteRow(this.tbody.rows.length - 1);
  }

  clear() {
    this.pending = [];
    this.tbody.replaceChildren();
  }
}

/** The latest value of each chart series with its change since the first one seen. */
export class Ticker {
  constructor(tbody, empty) {
    this.tbody = tbody;
    this.empty = empty;
  }

  render(series) {
    this.empty.hidden = series.length > 0;
    const rows = series.slice().sort((a, b) => a.name.localeCompare(b.name)).map((s) => {
      const row = document.createElement('tr');
      const name = cell(row, s.name, 'sym');
      const swatch = document.createElement('i');
      swatch.style.background = s.color;
      name.prepend(swatch);
      cell(row, s.value.toFixed(2), 'num');
      const sign = s.change >= 0 ? '+' : '';
      cell(row, sign + s.change.toFixed(2) + '%', 'num ' + (s.change >= 0 ? 'up' : 'down'));
      return row;
    });
    this.tbody.replaceChildren(...rows);
  }
}

/** What happened to the connection, newest first. */
export class ConnectionLog {
  constructor(list) {
    this.list = list;
  }

  add(text, kind) {
    const item = document.createElement('li');
    if (kind) item.className = kind;
    const time = document.createElement('time');
    time.textContent = clock(new Date());
    const span = document.createElement('span');
    span.textContent = text;
    item.append(time, span);
    this.list.prepend(item);
    while (this.list.children.length > MAX_LOG) this.list.lastElementChild.remove();
  }

  clear() {
    this.list.replaceChildren();
  }
}

/** Banners for gap, reset and refusals: they stay until dismissed. */
export class Notices {
  constructor(section) {
    this.section = section;
  }

  show(kind, title, detail) {
    const notice = document.createElement('div');
    notice.className = 'notice ' + kind;
    notice.setAttribute('role', 'alert');
    const heading = document.createElement('b');
    heading.textContent = title;
    const text = document.createElement('span');
    text.className = 'detail';
    text.textContent = detail;
    const time = document.createElement('time');
    time.textContent = clock(new Date());
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => notice.remove());
    notice.append(heading, text, time, close);
    this.section.prepend(notice);
  }

  clear() {
    this.section.replaceChildren();
  }
}
