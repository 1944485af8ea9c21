// The live chart: one ECharts line per series (a symbol, else a record key, else a topic).
/* global echarts */

const PALETTE = ['#4f8cff', '#22c55e', '#f59e0b', '#ef4444', '#a855f7', '#14b8a6', '#ec4899',
  '#eab308', '#38bdf8', '#f97316', '#84cc16', '#c084fc'];
const MUTED = '#8a96b0';
const GRID_LINE = '#1c2640';

/** The number a record carries, and what to call its series; null when it carries none. */
export function numericPoint(record) {
  const envelope = record.envelope || {};
  let value;
  try {
    value = JSON.parse(record.value);
  } catch (e) {
    value = record.value;
  }
  const key = envelope.key !== null && typeof envelope.key === 'object' ? JSON.stringify(envelope.key) : envelope.key;
  const fallbackName = key || envelope.topic || 'value';
  if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) {
    return { name: fallbackName, field: 'value', value: Number(value), time: envelope.timestamp || Date.now() };
  }
  if (!value || typeof value !== 'object') return null;
  const found = numberIn(value) || Object.keys(value)
    .filter((f) => value[f] && typeof value[f] === 'object' && !Array.isArray(value[f]))
    .map((f) => numberIn(value[f], f + '.'))
    .find((n) => n);
  if (!found) return null;
  const name = typeof value.symbol === 'string' ? value.symbol : fallbackName;
  const time = typeof value.ts === 'number' ? value.ts : envelope.timestamp || Date.now();
  return { name, field: found.field, value: found.value, time };
}

/** The first finite number of an object (price or value first), or, nested ({book: {bid}}), null. */
function numberIn(object, prefix = '') {
  const fields = ['price', 'value'].concat(Object.keys(object));
  const field = fields.find((f) => typeof object[f] === 'number' && Number.isFinite(object[f]) && f !== 'ts');
  return field ? { field: prefix + field, value: object[field] } : null;
}

export class ValueChart {
  constructor(element, maxPoints) {
    this.maxPoints = maxPoints;
    this.mode = 'change';
    this.series = new Map();
    this.field = null;
    this.dirty = false;
    this.echarts = echarts.init(element, null, { renderer: 'canvas' });
    this.echarts.setOption(this.baseOption());
    new ResizeObserver(() => this.echarts.resize()).observe(element);
    setInterval(() => this.render(), 250);
  }

  add(point) {
    let series = this.series.get(point.name);
    if (!series) {
      series = { name: point.name, color: PALETTE[this.series.size % PALETTE.length], first: point.value, points: [] };
      this.series.set(point.name, series);
    }
    this.field = this.field || point.field;
    series.points.push([point.time, point.value]);
    if (series.points.length > this.maxPoints) series.points.shift();
    this.dirty = true;
  }

  /** Drops a series (its key was deleted). */
  remove(name) {
    if (this.series.delete(name)) this.dirty = true;
  }

  /** 'change': percent since the first value seen; 'value': the values themselves. */
  setMode(mode) {
    this.mode = mode;
    this.echarts.setOption({ yAxis: { name: this.axisName() } });
    this.dirty = true;
    this.render();
  }

  clear() {
    this.series.clear();
    this.field = null;
    this.echarts.setOption(this.baseOption(), { notMerge: true });
  }

  /** The latest value and change of every series, for the ticker. */
  latest() {
    return [...this.series.values()].map((s) => {
      const last = s.points[s.points.length - 1][1];
      return { name: s.name, color: s.color, value: last, change: (last / s.first - 1) * 100 };
    });
  }

  /** Data points the chart is drawing now, as ECharts itself holds them. */
  renderedPoints() {
    return (this.echarts.getOption().series || []).reduce((n, s) => n + s.data.length, 0);
  }

  render() {
    if (!this.dirty) return;
    this.dirty = false;
    const change = this.mode === 'change';
    const series = [...this.series.values()].map((s) => ({
      name: s.name,
      type: 'line',
      showSymbol: false,
      smooth: 0.2,
      lineStyle: { width: 1.8 },
      color: s.color,
      // [time, plotted, value]: the tooltip shows the value in either mode
      data: s.points.map(([t, v]) => [t, change ? (v / s.first - 1) * 100 : v, v]),
    }));
    this.echarts.setOption({ legend: { data: series.map((s) => s.name) }, yAxis: { name: this.axisName() }, series });
  }

  axisName() {
    const field = this.field || 'value';
    return this.mode === 'change' ? field + ' change %' : field;
  }

  baseOption() {
    const change = () => this.mode === 'change';
    return {
      backgroundColor: 'transparent',
      animation: false,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      grid: { left: 64, right: 18, top: 44, bottom: 30 },
      legend: { top: 0, type: 'scroll', icon: 'roundRect', itemWidth: 12, itemHeight: 4,
        textStyle: { color: '#cbd5e1' }, pageTextStyle: { color: MUTED } },
      tooltip: {
        trigger: 'axis',
        backgroundColor: '#17213a',
        borderColor: '#24304d',
        textStyle: { color: '#e6ebf5', fontSize: 12 },
        formatter: (items) => {
          const time = new Date(items[0].value[0]).toLocaleTimeString();
          const rows = items.map((i) => {
            const pct = (i.value[1] >= 0 ? '+' : '') + i.value[1].toFixed(2) + '%';
            const shown = change() ? i.value[2].toFixed(2) + ' (' + pct + ')' : i.value[2].toFixed(2);
            return i.marker + i.seriesName + ' <b>' + shown + '</b>';
          });
          return time + '<br>' + rows.join('<br>');
        },
      },
      xAxis: { type: 'time', axisLine: { lineStyle: { color: '#24304d' } }, axisLabel: { color: MUTED },
        splitLine: { show: false } },
      yAxis: { type: 'value', scale: true, name: this.axisName(), nameTextStyle: { color: MUTED, align: 'left' },
        axisLabel: { color: MUTED, formatter: (v) => (change() ? v.toFixed(2) + '%' : v.toFixed(2)) },
        splitLine: { lineStyle: { color: GRID_LINE } } },
      series: [],
    };
  }
}
