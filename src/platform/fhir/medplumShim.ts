// @medplum/core reads WebSocket.CLOSING at module load; Node 20 has no global WebSocket
// (Node 22 has). Import this module before @medplum/core. The stub only supplies the
// constants: the platform never opens a Medplum subscription socket.
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
