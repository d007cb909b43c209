/** Audio bytes addressed by their offset in the whole recording; bytes already transcribed can be dropped. */
export class PcmQueue {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  /** Offset in the recording of buf[0]. */
  private base = 0;

  get total(): number {
    return this.base + this.len;
  }

  append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** A copy of [from, to) in recording offsets. */
  slice(from: number, to: number): Uint8Array {
    if (from < this.base) throw new RangeError('audio already dropped');
    return this.buf.slice(from - this.base, to - this.base);
  }

  dropBefore(offset: number): void {
    const n = Math.min(this.len, Math.max(0, offset - this.base));
    if (n === 0) return;
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.base += n;
  }
}
