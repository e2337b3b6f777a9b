// Cut points as a cutter walks its file, twin of media.SegmentCollector: at every boundary where
// a segment may start, a new one starts once the current one holds at least the requested time.
// Time is counted in samples at one rate and converted to microseconds only at the edges, so the
// durations tile the work exactly.

import { micros } from './media.js';

export class SegmentCollector {
  /**
   * @param {string} format the cut name, recorded in the plan
   * @param {number} rate samples per second
   * @param {number} seconds minimum segment length
   * @param {number} headerEnd where the header segment ends and the first media segment starts, or -1 without one
   */
  constructor(format, rate, seconds, headerEnd) {
    if (seconds < 1) throw new RangeError(`segment length ${seconds} s must be at least 1`);
    this.format = format;
    this.rate = rate;
    this.minSamples = seconds * rate;
    this.header = headerEnd >= 0;
    /** @type {number[]} */
    this.offsets = [];
    /** @type {number[]} */
    this.startSamples = [];
    if (this.header) {
      this.offsets.push(0);
      this.startSamples.push(0);
    }
    this.offsets.push(Math.max(headerEnd, 0));
    this.startSamples.push(0);
  }

  /**
   * A boundary at offset with samplesBefore samples of media before it: a segment starts there if the current one is long enough.
   * @param {number} offset
   * @param {number} samplesBefore
   */
  boundary(offset, samplesBefore) {
    const last = this.offsets.length - 1;
    if (offset > this.offsets[last] && samplesBefore - this.startSamples[last] >= this.minSamples) {
      this.offsets.push(offset);
      this.startSamples.push(samplesBefore);
    }
  }

  /**
   * The plan, the last segment ending with totalSamples and the file with size bytes.
   * @param {number} totalSamples
   * @param {number} size
   * @returns {import('./media.js').MediaPlan}
   */
  finish(totalSamples, size) {
    const n = this.offsets.length;
    const segments = this.offsets.map((offset, i) => {
      const end = i + 1 < n ? this.offsets[i + 1] : size;
      if (this.header && i === 0) return { offset: 0, size: end, start: 0, duration: 0 };
      const from = this.startSamples[i];
      const to = i + 1 < n ? this.startSamples[i + 1] : Math.max(totalSamples, from);
      const start = micros(from, this.rate);
      return { offset, size: end - offset, start, duration: micros(to, this.rate) - start };
    });
    return { format: this.format, header: this.header, segments, size };
  }
}
