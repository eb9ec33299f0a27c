// Salesforce's REST error shape: an array of { message, errorCode, fields }, with the HTTP
// status Salesforce uses for each code.
export class ApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[];

  constructor(status: number, errorCode: string, message: string, fields: string[] = []) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  withMessage(errorCode: string, message: string): ApiError {
    return new ApiError(this.status, errorCode, message, this.fields);
  }

  /** The per-record error of sObject collections and composite responses. */
  entry(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }

  body(): { message: string; errorCode: string; fields?: string[] }[] {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields.length ? { fields: this.fields } : {})
      }
    ];
  }
}

export const invalidSession = (): ApiError =>
  new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
export const notFound = (): ApiError =>
  new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
/** What Salesforce answers for an object the user cannot see, as for one that does not exist. */
export const unsupportedType = (objectName: string): ApiError =>
  new ApiError(400, 'INVALID_TYPE', `sObject type '${objectName}' is not supported.`);
export const malformedQuery = (message: string): ApiError =>
  new ApiError(400, 'MALFORMED_QUERY', message);
export const insufficientAccess = (message = 'insufficient access rights on object id'): ApiError =>
  new ApiError(403, 'INSUFFICIENT_ACCESS_OR_READONLY', message);

/**
 * A session of a user whose profile and permission sets lack API Enabled: every REST, SOAP,
 * Tooling and Metadata API call is refused (platform rule `api.user.apiEnabled`).
 */
export const apiDisabledForUser = (): ApiError =>
  new ApiError(403, 'API_CURRENTLY_DISABLED', 'API is disabled for this User');
