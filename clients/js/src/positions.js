// What a page has seen of a stream, per topic and partition, and the verdict on each resume.

/**
 * The next offset per topic and partition, from the records the page received (envelope format)
 * and the control events that say where a stream starts or stands: what a resume is checked
 * against. A shared stream keeps one in every tab, so whichever tab opens the next connection
 * checks it the same way.
 */
export class Positions {
  constructor() {
    this.next = {};
  }

  /** A record or tombstone in envelope format: its partition continues after its offset. */
  record(envelope) {
    if (!envelope || envelope.topic === undefined) return;
    const partitions = this.next[envelope.topic] || (this.next[envelope.topic] = []);
    partitions[envelope.partition] = envelope.offset + 1;
  }

  caughtUp(body) {
    Object.keys(body.next || {}).forEach((topic) => { this.next[topic] = body.next[topic].slice(); });
  }

  /** A topic that left a pattern stream: if it comes back, it joins from its start. */
  reset(body) {
    Object.keys(body.start || {}).forEach((t) => { if (body.start[t] === 'left') delete this.next[t]; });
  }

  /**
   * A stream-info: where each topic and partition starts. With a pending resume, checks it: every
   * topic must start at "resume" and, in envelope format, every partition at the offset after the
   * last record seen there (at or after it on a filtered stream, whose position also moves past
   * filtered records: key, type, filter, or `filtered: true` for a token whose filter claim the
   * server applies). Deviations go to resume.problems.
   */
  started(info, resume, options) {
    const filtered = !!options.filter || !!options.filtered
      || [].concat(options.keys || [], options.types || []).length > 0;
    (info.topics || []).forEach((topic) => {
      const seen = this.next[topic.topic] || [];
      // A topic new since the id (a pattern matched it later) is read from its start: exact.
      const joined = topic.start === 'earliest' && this.next[topic.topic] === undefined;
      // A reconnect from a snapshot id gets a whole new snapshot: expected, and exact.
      const redo = topic.start === 'snapshot' && String(resume && resume.lastEventId).startsWith('s');
      if (resume && topic.start !== 'resume' && !joined && !redo) {
        resume.exact = false;
        resume.problems.push(topic.topic + ' started at ' + topic.start);
      }
      (topic.partitions || []).forEach((p) => {
        const expected = seen[p.partition];
        const wrong = filtered ? p.start < expected : p.start !== expected;
        if (resume && options.format === 'envelope' && expected !== undefined && wrong) {
          resume.exact = false;
          resume.problems.push(topic.topic + '/' + p.partition + ' resumed at ' + p.start
            + ', expected ' + expected);
        }
        seen[p.partition] = p.start;
      });
      this.next[topic.topic] = seen;
    });
  }

  /** The positions an event moves, for a tab that heard it from another tab's connection. */
  heard(name, value, options) {
    if (name === 'record' || name === 'delete') this.record(value.envelope);
    else if (name === 'decode-error') this.record(value);
    else if (name === 'caught-up') this.caughtUp(value);
    else if (name === 'reset') this.reset(value);
    else if (name === 'stream-info') this.started(value, null, options);
  }
}
