// Issue 14, item 8: the embedded store's directory is its owner's alone (0700), and the database, its -wal and
// -shm files and the generated key file are 0600; an older, more open DATA_DIR is tightened with a log line.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedApp, startApp } from '../helpers/app.js';

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;
const FILES = ['msp-desk.sqlite', 'msp-desk.sqlite-wal', 'msp-desk.sqlite-shm', 'encryption.key'];

describe('item 8: the data files are readable by their owner only', () => {
  let parent: string;
  let app: StartedApp | undefined;
  const previousUmask = process.umask(0o022); // the usual umask, which alone would leave 0755 and 0644
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    rmSync(parent, { recursive: true, force: true });
  });
  process.on('exit', () => process.umask(previousUmask));

  it('creates DATA_DIR 0700 and the database, -wal, -shm and key files 0600', async () => {
    parent = mkdtempSync(join(tmpdir(), 'msp-files-'));
    const dataDir = join(parent, 'data');
    app = await startApp({ dataDir });
    // A write, so the -wal and -shm files certainly exist.
    await app.sendCommand('/customer', 'help');
    expect(modeOf(dataDir)).toBe('0700');
    for (const file of FILES) expect([file, modeOf(join(dataDir, file))]).toEqual([file, '0600']);
  });

  it('tightens an existing DATA_DIR and files left open by an older version, and says so', async () => {
    parent = mkdtempSync(join(tmpdir(), 'msp-files-'));
    const dataDir = join(parent, 'data');
    // A first start, then everything opened up as an older version (or a careless copy) would leave it.
    app = await startApp({ dataDir });
    await app.stop();
    app = undefined;
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o755);
    for (const file of ['msp-desk.sqlite', 'encryption.key']) chmodSync(join(dataDir, file), 0o644);
    writeFileSync(join(dataDir, 'msp-desk.sqlite-wal'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'msp-desk.sqlite-wal'), 0o644);

    app = await startApp({ dataDir });
    await app.sendCommand('/customer', 'help');
    expect(modeOf(dataDir)).toBe('0700');
    for (const file of FILES) expect([file, modeOf(join(dataDir, file))]).toEqual([file, '0600']);
    const tightened = app.logs.lines.filter((l) => String(l.msg).includes('now owner-only'));
    expect(tightened.map((l) => [l.path, l.was, l.now])).toEqual(
      expect.arrayContaining([
        [dataDir, '0755', '0700'],
        [join(dataDir, 'msp-desk.sqlite'), '0644', '0600'],
        [join(dataDir, 'encryption.key'), '0644', '0600'],
      ]),
    );
  });
});
