// The size limits Salesforce puts on a REST request line and headers (platform rule
// `api.rest.uriLength`): 16,384 bytes for the URI and headers together; a URI alone over that is
// 414 URI Too Long, URI and headers over it 431 Request Header Fields Too Large.
import type { IncomingMessage } from 'node:http';
import { platformRule } from '../platform/catalogue.ts';
import { ApiError } from './errors.ts';

export const MAX_URI_AND_HEADER_BYTES = 16_384;

/**
 * Node's own header limit is raised above Salesforce's (server.ts), so that the local org, not
 * Node, decides and answers the way Salesforce does.
 */
export const NODE_MAX_HEADER_SIZE = 4 * MAX_URI_AND_HEADER_BYTES;

/** Throws Salesforce's refusal for a request whose URI, or URI and headers, are over the limit. */
export function checkRequestSize(request: IncomingMessage): void {
  const uriBytes = Buffer.byteLength(request.url ?? '/', 'utf8');
  const { source } = platformRule('api.rest.uriLength');
  if (uriBytes > MAX_URI_AND_HEADER_BYTES) {
    throw new ApiError(
      414,
      'URI_TOO_LONG',
      `URI Too Long: the request URI is ${uriBytes} bytes; Salesforce accepts at most ${MAX_URI_AND_HEADER_BYTES} bytes of URI and headers. Send a long query in a POST body (Composite) or split it (${source}).`
    );
  }
  let headerBytes = 0;
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    // "Name: value\r\n"
    headerBytes += Buffer.byteLength(raw[index]) + Buffer.byteLength(raw[index + 1]) + 4;
  }
  if (uriBytes + headerBytes > MAX_URI_AND_HEADER_BYTES) {
    throw new ApiError(
      431,
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
      `Request Header Fields Too Large: the URI and headers are ${uriBytes + headerBytes} bytes; Salesforce accepts at most ${MAX_URI_AND_HEADER_BYTES} (${source}).`
    );
  }
}
