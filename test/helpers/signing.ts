// Signs request bodies exactly as Slack does; the signer lives in src/playground, which needs it at run time.
export { signedHeaders, slackSignature } from '../../src/playground/signing.js';
