// The fake Slack for tests: the playground's Slack stand-in with Block Kit's limits checked on every payload,
// so an oversize card fails the test that sent it.
import { checkMessage, checkOptions, checkView } from '../../../blocks/limits.js';
import {
  type CheckedPayload,
  SlackStandin,
  type StandinUser,
} from '../../../src/playground/slack-standin.js';

export type { ResponseUrlPost, SlackCall } from '../../../src/playground/slack-standin.js';
export type FakeUser = StandinUser;

/** Every Block Kit limit problem in a payload, whichever way it reached Slack. */
export function blockKitProblems(payload: CheckedPayload): string[] {
  return [
    ...(payload.message === undefined ? [] : checkMessage(payload.message)),
    ...(payload.view === undefined ? [] : checkView(payload.view)),
    ...(payload.options === undefined ? [] : checkOptions(payload.options)),
  ];
}

export class FakeSlack extends SlackStandin {
  constructor() {
    super({ checker: blockKitProblems });
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
