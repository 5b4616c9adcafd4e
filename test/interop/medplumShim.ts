// @medplum/core reads WebSocket at module load; Node 20 has none. The platform's shim does
// the same for its own server; this test server keeps its own copy so it imports nothing of
// the platform.
const g = globalThis as { WebSocket?: unknown };
if (typeof g.WebSocket === 'undefined') {
  g.WebSocket = class WebSocketUnavailable {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    constructor() {
      throw new Error('WebSocket is not available in this Node version');
    }
  };
}
export {};
