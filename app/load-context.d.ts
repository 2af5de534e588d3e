import 'react-router';

declare module 'react-router' {
  interface AppLoadContext {
    /** Set by the Node entry for every request; appears in every log line about it. */
    requestId: string;
    /** This response's CSP nonce. */
    cspNonce: string;
  }
}
