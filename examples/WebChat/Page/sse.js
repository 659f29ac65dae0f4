// A Server-Sent Events reader for fetch() bodies, written to the WHATWG "event stream interpretation" rules.
//
// GreenPT's documentation reads a stream by decoding each network read on its own and splitting it on "\n". That breaks
// whenever a read ends inside an event (the half event is parsed as if it were whole), inside a "\r\n", or inside a
// multi-byte UTF-8 character (each half decodes to U+FFFD). This reader instead:
//   - decodes with one streaming TextDecoder, which holds back the first bytes of a character until the rest arrives;
//   - keeps the unfinished line in a buffer until its end of line arrives, in any later read;
//   - accepts "\r\n", "\n" and a lone "\r" as the end of a line, also when "\r" ends one read and "\n" starts the next;
//   - ignores comment lines (":" first), joins several "data:" lines with "\n", honours "event:", "id:" and "retry:";
//   - dispatches an event at the blank line that ends it, and drops an unfinished event when the stream ends (as the spec says).

/** Parses an event stream pushed to it in arbitrary pieces of bytes. */
export class SseParser {
  /** @param {(event: {type: string, data: string, id: string}) => void} onEvent called once per complete event */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.decoder = new TextDecoder('utf-8'); // a BOM at the very start is removed, as the spec asks
    this.buffer = '';
    this.skipLineFeed = false; // the last read ended with "\r": a "\n" starting the next one belongs to it
    this.type = '';
    this.data = [];
    this.lastEventId = '';
    this.retry = null;
  }

  /** Feeds the next bytes of the stream (a Uint8Array, split anywhere). */
  push(bytes) {
    this.feedText(this.decoder.decode(bytes, { stream: true }));
  }

  /** Ends the stream: flushes the decoder; an event without its closing blank line is dropped. */
  end() {
    this.feedText(this.decoder.decode());
    this.buffer = '';
    this.type = '';
    this.data = [];
  }

  feedText(text) {
    if (text.length === 0) {
      return;
    }

    let start = 0;
    if (this.skipLineFeed) {
      this.skipLineFeed = false;
      if (text[0] === '\n') {
        start = 1;
      }
    }

    let pending = this.buffer;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        this.line(pending + text.slice(start, i));
        pending = '';
        if (c === 13) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 10) {
              i++;
            }
          } else {
            this.skipLineFeed = true;
          }
        }
        start = i + 1;
      }
      i++;
    }
    this.buffer = pending + text.slice(start);
  }

  line(line) {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line[0] === ':') {
      return; // a comment (servers send them as keep-alives)
    }

    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') {
      value = value.slice(1);
    }

    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.retry = Number(value);
        }
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  dispatch() {
    const type = this.type || 'message';
    const data = this.data;
    this.type = '';
    this.data = [];
    if (data.length === 0) {
      return;
    }
    this.onEvent({ type, data: data.join('\n'), id: this.lastEventId });
  }
}

/**
 * Reads a fetch() response body as an event stream, calling onEvent for each event as soon as it is complete.
 * Resolves when the stream ends; rejects (with an AbortError) when the fetch's signal aborts it.
 */
export async function readEventStream(body, onEvent) {
  const parser = new SseParser(onEvent);
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      parser.push(value);
    }
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
