import { Transform } from 'node:stream'

// React 18's renderToPipeableStream fills 2048-byte views with TextEncoder.encodeInto. When a
// multi-byte character (any Chinese text) does not fit at the end of a view, React writes the
// whole view anyway, unfilled tail included: one to three NUL bytes inside the HTML (the parser
// shows them as U+FFFD, "创��新券"; hydration repairs text but never attributes). Fixed in React 19
// (facebook/react#26228, reported as #24985 and #31134); until the app moves there, this stream
// drops that tail. Only a full view can carry it, and NUL never occurs in React's real output.
const REACT_VIEW_SIZE = 2048

/** A pass-through for React's node stream that removes the NUL padding of its full views. */
export function stripReactViewPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length
      if (end === REACT_VIEW_SIZE) {
        while (end > REACT_VIEW_SIZE - 3 && chunk[end - 1] === 0) end -= 1
      }
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end))
    },
  })
}
