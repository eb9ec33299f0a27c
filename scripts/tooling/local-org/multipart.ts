// multipart/form-data request bodies, as Salesforce's REST API takes them for records with
// binary fields (Package2VersionCreateRequest.VersionInfo, ContentVersion.VersionData): one
// part holds the record as JSON, and each binary field comes as a part named after the field.
import { ApiError } from './errors.ts';

export interface MultipartBody {
  /** The JSON part: the record's other fields. */
  json: unknown;
  /** The binary parts, by field name. */
  files: Record<string, Buffer>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary)
    throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'The multipart request has no boundary.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: Record<string, Buffer> = {};
  let json: unknown = undefined;
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // "--" after the delimiter closes the body.
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart + CRLF.length, next - CRLF.length);
    const headerEnd = part.indexOf(HEADER_END);
    if (headerEnd === -1)
      throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'A part of the request has no headers.');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + HEADER_END.length);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    // The record's part is the JSON one (clients name it after the object, some give it a file
    // name too); the binary fields are the others.
    if (/content-type:\s*application\/json/i.test(headers)) {
      try {
        json = JSON.parse(content.toString('utf8'));
      } catch (error) {
        throw new ApiError(
          400,
          'JSON_PARSER_ERROR',
          `Unexpected character in the JSON part: ${(error as Error).message}`
        );
      }
    } else {
      files[name] = Buffer.from(content);
    }
    start = next;
  }
  if (json === undefined)
    throw new ApiError(
      400,
      'INVALID_MULTIPART_REQUEST',
      'The multipart request has no JSON part with the record.'
    );
  return { json, files };
}
