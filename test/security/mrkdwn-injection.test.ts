// Found sound, kept so: vendor text is data. A customer named `<!channel> Evil <https://x|click>` pings no one and
// links nowhere, on the card, in the channel copy, and in the delete request everyone in the channel sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { buttonNamed, click, mrkdwnSent } from './support.js';

const ADMIN = 'UADMIN01';
/** What Slack would turn into a mention or a link if it reached a message unescaped. */
const CONTROLS = ['<!channel>', '<!here>', '<!everyone>', '<https://x|click>'];

describe('a customer named <!channel> pings no one', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startApp({ vendor: 'atera', atera: { seed: { customers: NAMED_CUSTOMERS } } });
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const who = { userId: ADMIN };

  it('shows the name as text on the card, in the channel copy and in the delete request', async () => {
    const sent = await app.sendCommand('/customer', 'evil.example', who);
    const card = await app.responseFor(sent.responseUrl);
    expect(textOf(card)).toContain('&lt;!channel&gt; Evil &lt;https://x|click&gt;');

    // Everyone in the channel sees a shared card and a delete request: the two places a ping would land.
    const share = app.slack.responseUrl();
    await click(app, who, buttonNamed(card, /^Share in channel$/), { responseUrl: share });
    const shared = await waitUntil('the shared card', () => {
      const posted = app.slack.calls.find(
        (c) => c.method === 'chat.postMessage' && textOf(c.args).includes('Evil'),
      );
      return posted?.args ?? app.slack.responses.find((r) => r.id === share.split('/').pop())?.body;
    });
    expect(textOf(shared)).toContain('&lt;!channel&gt;');

    const before = app.slack.callsTo('chat.postMessage').length;
    await click(app, who, buttonNamed(card, /^Delete$/));
    const request = await waitUntil(
      'the delete request',
      () => app.slack.callsTo('chat.postMessage')[before],
    );
    expect(textOf(request.args)).toContain('&lt;!channel&gt;');

    // No text Slack renders as mrkdwn carries a live control sequence from the vendor's text.
    const strings = mrkdwnSent(app);
    expect(strings.some((s) => s.includes('Evil'))).toBe(true);
    for (const control of CONTROLS) expect(strings.filter((s) => s.includes(control))).toEqual([]);
    // The raw name reaches Slack only as plain_text (a header or a button label), where Slack renders no mrkdwn.
    expect(JSON.stringify(card.blocks)).toContain(JSON.stringify(HOSTILE_NAME).slice(1, -1));
  });
});
