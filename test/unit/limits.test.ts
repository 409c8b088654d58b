import { describe, expect, it } from 'vitest';
import { checkMessage, checkView } from '../../blocks/limits.js';

describe('the Block Kit limit checker', () => {
  it('accepts a small valid message', () => {
    expect(
      checkMessage({ text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] }),
    ).toEqual([]);
  });

  it('names each broken limit', () => {
    const problems = checkMessage({
      text: '',
      blocks: [
        ...Array.from({ length: 51 }, () => ({ type: 'divider' })),
        { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) }, block_id: 'a' },
        { type: 'header', text: { type: 'mrkdwn', text: 'y'.repeat(151) }, block_id: 'a' },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'b'.repeat(76) } },
            { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'ok' } },
          ],
        },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'text: a non-empty plain text fallback is required',
        'blocks: 55 blocks > 50',
        'blocks[51].text.text: 3001 chars > 3000',
        'blocks[52].text: must be plain_text',
        'blocks[52].text.text: 151 chars > 150',
        'blocks[52].block_id: "a" is not unique',
        'blocks[53].fields: 11 > 10',
        'blocks[54].elements[0].text.text: 76 chars > 75',
        'blocks[54].elements[1].action_id: "same" repeated in its block',
      ]),
    );
  });

  it('checks modal titles, submit and the 100-block cap', () => {
    const problems = checkView({
      type: 'modal',
      title: { type: 'plain_text', text: 'A title that is far too long' },
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Name' },
          element: { type: 'plain_text_input', action_id: 'v' },
        },
        ...Array.from({ length: 100 }, () => ({ type: 'divider' })),
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'blocks: 101 blocks > 100',
        'title.text: 28 chars > 24',
        'submit: required when a modal has input blocks',
      ]),
    );
  });
});
