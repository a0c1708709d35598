/**
 * Socket-level limits, below Hono: how long a client may take to send its headers and its
 * whole request (Node's defaults held a slow client about 72 s), and the JSON error shape for
 * what Node refuses before any route runs (408, 431, 400), which otherwise goes out bare.
 * @module
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

export interface SocketLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

/** Options for http.createServer: the timeouts, checked every half second. */
export function serverOptions(limits: SocketLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    connectionsCheckingInterval: Math.min(500, limits.headersTimeoutMs),
  };
}

const REFUSALS: Record<string, [number, string, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'timeout',
    'the request took too long to arrive',
  ],
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'headers_too_large',
    'the request headers are too large',
  ],
};

/** Answers what Node refuses before a route with `{ error: { code, message } }`, then closes. */
export function jsonClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = REFUSALS[error.code ?? ''] ?? [
      400,
      'Bad Request',
      'bad_request',
      'the request is not valid HTTP',
    ];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
