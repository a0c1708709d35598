/**
 * For the budget tests: a webhook receiver on a real local port that fails a given number of
 * requests (500) before it accepts them, and usage events as the AI platform posts them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver on a real port: answers `failures` requests 500, then 200. */
export interface Receiver {
  readonly url: string;
  readonly requests: { headers: IncomingMessage['headers']; body: string }[];
  failures: number;
  close(): Promise<void>;
}

export async function startReceiver(failures = 0): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const receiver = { requests, failures } as Receiver & { server: Server };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const fail = receiver.failures > 0;
      if (fail) receiver.failures -= 1;
      res.writeHead(fail ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/aicm`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Usage events posted by the AI platform: `conversations` × 0.50 and `calls` × 0.10. */
export function usage(
  ticketId: string,
  at: string,
  conversations: number,
  calls = 0,
  tool = 'refund',
) {
  return [
    ...Array.from({ length: conversations }, (_, i) => ({
      ticketId,
      id: `${ticketId}-${at}-c${i}`,
      at,
      metric: 'conversation',
      quantity: 1,
    })),
    ...Array.from({ length: calls }, (_, i) => ({
      ticketId,
      id: `${ticketId}-${at}-t${i}`,
      at,
      metric: 'tool_call',
      tool,
      quantity: 1,
    })),
  ];
}
