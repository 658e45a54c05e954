/**
 * Facts about a request that the Fetch Request cannot carry: the client's socket address and our
 * request id. api/server.ts records them per request; the admin guard reads them for the audit
 * log. A WeakMap, so nothing outlives its request.
 */
export interface RequestContext {
  clientAddress: string | null;
  requestId: string | null;
}

const contexts = new WeakMap<Request, RequestContext>();

export function setRequestContext(request: Request, context: RequestContext): void {
  contexts.set(request, context);
}

/** The recorded context, or unknowns (e.g. under `astro dev`, where the server did not record one). */
export function requestContext(request: Request): RequestContext {
  return contexts.get(request) ?? { clientAddress: null, requestId: request.headers.get('x-request-id') };
}
