// Search snippets come with highlights as UTF-8 byte ranges; JavaScript strings are UTF-16.

export interface Segment {
  text: string;
  mark: boolean;
}

/** Splits `text` into plain and highlighted segments, given byte ranges into its UTF-8 form. */
export function segments(text: string, highlights: { start: number; end: number }[]): Segment[] {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const ordered = [...highlights]
    .filter((range) => range.start < range.end && range.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const range of ordered) {
    if (range.start < at) continue;
    if (range.start > at) out.push({ text: decoder.decode(bytes.slice(at, range.start)), mark: false });
    out.push({ text: decoder.decode(bytes.slice(range.start, range.end)), mark: true });
    at = range.end;
  }
  if (at < bytes.length) out.push({ text: decoder.decode(bytes.slice(at)), mark: false });
  return out;
}
